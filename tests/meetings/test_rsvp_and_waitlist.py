"""Capacity, RSVP and a waitlist that promotes automatically; cancel and reschedule with notice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail

from alongside.meetings import actions, queries, tasks
from alongside.meetings.models import RSVP, Notice
from tests.conftest import client_for, join, make_user
from tests.meetings.conftest import meeting_at, series_starting, soon


@pytest.fixture
def members(group: Any) -> list[Any]:
    people = [make_user(h) for h in ("ana", "ben", "cy", "dee")]
    for p in people:
        join(p, group, share=True)
    return people


def test_people_beyond_capacity_go_on_the_waitlist_in_order(
    group: Any, fay: Any, members: list[Any]
) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60 * 3), capacity=2)
    statuses = [actions.rsvp(meeting, p).status for p in members]
    assert statuses == ["going", "going", "waitlisted", "waitlisted"]
    assert queries.waitlist_position(meeting, members[3]) == 2


def test_a_cancelled_place_goes_to_the_first_person_waiting_who_is_told(
    group: Any, fay: Any, members: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    ana, ben, cy, dee = members
    meeting = meeting_at(group, fay, soon(24 * 60 * 3), capacity=2)
    for p in members:
        actions.rsvp(meeting, p)
    mail.outbox.clear()
    with capture(execute=True):
        promoted = actions.cancel_rsvp(meeting, ben)
    assert promoted is not None and promoted.user == cy
    assert RSVP.objects.get(meeting=meeting, user=cy).status == "going"
    assert RSVP.objects.get(meeting=meeting, user=dee).status == "waitlisted"
    assert queries.waitlist_position(meeting, dee) == 1
    assert Notice.objects.filter(
        user=cy, meeting=meeting, text__contains="place opened up"
    ).exists()
    assert [m.to for m in mail.outbox] == [[cy.email]]
    assert not Notice.objects.filter(user=dee).exists()


def test_leaving_the_waitlist_promotes_nobody(group: Any, fay: Any, members: list[Any]) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60 * 3), capacity=1)
    actions.rsvp(meeting, members[0])
    actions.rsvp(meeting, members[1])
    actions.rsvp(meeting, members[2])
    assert actions.cancel_rsvp(meeting, members[1]) is None
    assert queries.waitlist_position(meeting, members[2]) == 1


def test_more_places_promote_people_waiting(group: Any, fay: Any, members: list[Any]) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60 * 3), capacity=1)
    for p in members:
        actions.rsvp(meeting, p)
    promoted = actions.set_capacity(meeting.series, editor=fay, capacity=3)
    assert [r.user for r in promoted] == members[1:3]


def test_a_non_member_cannot_rsvp(group: Any, fay: Any, bob: Any) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60))
    with pytest.raises(actions.MeetingActionError):
        actions.rsvp(meeting, bob)
    response = client_for(bob).post(f"/meetings/{meeting.pk}/rsvp/")
    assert response.status_code == 404  # to an outsider the meeting is "not found"


def test_rsvp_through_the_page(group: Any, fay: Any, members: list[Any]) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60), capacity=1)
    c = client_for(members[0])
    page = c.post(f"/meetings/{meeting.pk}/rsvp/", follow=True).content.decode()
    assert "You&#x27;re going" in page or "You're going" in page
    page = (
        client_for(members[1]).post(f"/meetings/{meeting.pk}/rsvp/", follow=True).content.decode()
    )
    assert "waitlist" in page


def test_cancelling_a_meeting_tells_the_people_who_said_they_would_come(
    group: Any, fay: Any, members: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60))
    actions.rsvp(meeting, members[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_meeting(meeting, editor=fay, note="The room is flooded.")
    assert [m.to for m in mail.outbox] == [[members[0].email]]
    assert "flooded" in mail.outbox[0].body
    assert Notice.objects.get(user=members[0]).text.startswith("The meeting")
    with pytest.raises(actions.MeetingActionError):
        actions.rsvp(meeting, members[1])


def test_moving_one_meeting_keeps_rsvps_and_tells_people_the_new_time_in_their_zone(
    group: Any, fay: Any
) -> None:
    tok = make_user("tok", timezone="Asia/Tokyo")
    join(tok, group)
    meeting = meeting_at(group, fay, soon(24 * 60 * 2))
    actions.rsvp(meeting, tok)
    new = meeting.starts_at + timedelta(hours=3)
    actions.reschedule_meeting(meeting, editor=fay, starts_at=new)
    meeting.refresh_from_db()
    assert meeting.starts_at == new and meeting.rescheduled and meeting.sequence == 1
    assert RSVP.objects.get(meeting=meeting, user=tok).status == "going"
    assert "Asia/Tokyo" in Notice.objects.get(user=tok).text


def test_moving_the_series_replaces_future_meetings_and_tells_every_member(
    group: Any, fay: Any, members: list[Any]
) -> None:
    from datetime import time

    series = series_starting(group, fay, soon(24 * 60 * 2), tz="Europe/London")
    first = series.meetings.order_by("starts_at").first()
    assert first is not None
    start = first.starts_at.date() + timedelta(days=1)
    actions.reschedule_series(
        series,
        editor=fay,
        start_date=start,
        start_time=time(18, 30),
        timezone_name="Europe/London",
        duration_minutes=60,
        repeat="weekly",
    )
    assert series.meetings.count() > 10
    assert all(m.starts_at.date() >= start for m in series.meetings.all())
    told = set(Notice.objects.values_list("user_id", flat=True))
    assert {p.pk for p in members} <= told


def test_cancelling_the_series_cancels_every_future_meeting(group: Any, fay: Any) -> None:
    series = series_starting(group, fay, soon(24 * 60 * 2))
    actions.cancel_series(series, editor=fay, note="The group is pausing for the summer.")
    assert not series.meetings.filter(status="scheduled").exists()


def test_only_facilitators_schedule_meetings(group: Any, alice: Any) -> None:
    join(alice, group, share=True)
    with pytest.raises(actions.MeetingActionError):
        series_starting(group, alice, soon(60))


def test_a_meeting_cannot_be_moved_into_the_past_and_the_form_says_why(
    group: Any, fay: Any
) -> None:
    meeting = meeting_at(group, fay, soon(24 * 60))
    page = (
        client_for(fay)
        .post(
            f"/meetings/{meeting.pk}/reschedule/",
            {
                "scope": "one",
                "date": "2020-01-07",
                "time": "19:00",
                "duration_minutes": "90",
                "note": "x",
            },
        )
        .content.decode()
    )
    assert "Choose a new time in the future." in page
    meeting.refresh_from_db()
    assert not meeting.rescheduled


def test_leaving_the_group_gives_the_place_to_the_next_person(
    group: Any, fay: Any, members: list[Any]
) -> None:
    from alongside.groups import actions as group_actions

    meeting = meeting_at(group, fay, soon(24 * 60), capacity=1)
    actions.rsvp(meeting, members[0])
    actions.rsvp(meeting, members[1])
    group_actions.leave_group(members[0], group)
    tasks.enqueue_due_reminders()  # the scheduler's tick
    assert RSVP.objects.get(meeting=meeting, user=members[1]).status == "going"
    assert RSVP.objects.get(meeting=meeting, user=members[0]).status == "cancelled"
