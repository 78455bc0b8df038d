"""Running an online meeting live: the current step, a share timer, rounds with a talking piece,
check-in and attendance."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.core import events
from alongside.meetings import actions, queries
from tests.conftest import client_for, join, make_user
from tests.meetings.conftest import meeting_at, soon


@pytest.fixture
def now_meeting(group: Any, fay: Any) -> Any:
    return meeting_at(group, fay, soon(5))  # the room is open: it opens 10 minutes early


@pytest.fixture
def ana_ben(group: Any) -> tuple[Any, Any]:
    ana, ben = make_user("ana"), make_user("ben")
    join(ana, group, share=True)
    join(ben, group, share=True)
    return ana, ben


def test_new_meetings_follow_the_default_structure(now_meeting: Any) -> None:
    titles = [s["title"] for s in now_meeting.series.agenda]
    assert titles == [
        "Welcome and guidelines",
        "Check-in round",
        "Sharing",
        "Topic or skill",
        "Check-out",
    ]


def test_a_facilitators_agenda_is_used_for_new_meetings(group: Any, fay: Any) -> None:
    c = client_for(fay)
    response = c.post(
        f"/meetings/group/{group.slug}/agenda/",
        {"steps": "Arrive | 5\nGo round | 10 | round\nClose"},
    )
    assert response.status_code == 302
    meeting = meeting_at(group, fay, soon(60))
    assert meeting.series.agenda == [
        {"title": "Arrive", "minutes": 5, "round": False},
        {"title": "Go round", "minutes": 10, "round": True},
        {"title": "Close", "minutes": 0, "round": False},
    ]


def test_a_bad_agenda_line_gets_a_clear_error_and_keeps_the_text(group: Any, fay: Any) -> None:
    page = (
        client_for(fay)
        .post(f"/meetings/group/{group.slug}/agenda/", {"steps": "Arrive | five"})
        .content.decode()
    )
    assert "Line 1: the minutes must be a whole number" in page and "Arrive | five" in page


def test_the_room_is_closed_until_ten_minutes_before(group: Any, fay: Any) -> None:
    later = meeting_at(group, fay, soon(30))
    with pytest.raises(actions.MeetingActionError, match="10 minutes"):
        actions.advance_step(later, by=fay)
    assert (
        "The room opens at" in client_for(fay).get(f"/meetings/{later.pk}/live/").content.decode()
    )


def test_everyone_sees_the_current_step(now_meeting: Any, fay: Any, ana_ben: Any) -> None:
    actions.advance_step(now_meeting, by=fay)
    actions.advance_step(now_meeting, by=fay)
    page = client_for(ana_ben[0]).get(f"/meetings/{now_meeting.pk}/live/panel/").content.decode()
    assert "Check-in round" in page and "step 2 of 5" in page
    assert 'hx-trigger="every 2s' in page


def test_a_round_passes_the_talking_piece_in_check_in_order_and_people_may_pass(
    now_meeting: Any, fay: Any, ana_ben: Any
) -> None:
    ana, ben = ana_ben
    actions.check_in(now_meeting, ben, by=ben)
    actions.check_in(now_meeting, ana, by=ana)
    actions.start_timer(now_meeting, by=fay, seconds=120)
    live = actions.start_round(now_meeting, by=fay)
    assert live.round_order == [ben.pk, ana.pk] and live.current_speaker_id == ben.pk
    with pytest.raises(actions.MeetingActionError, match="isn't your turn"):
        actions.end_turn(now_meeting, by=ana)
    actions.end_turn(now_meeting, by=ben, passed=True)
    state = queries.live_snapshot(now_meeting)
    assert state["speaker"] == "ana" and state["round"][0]["passed"]
    assert 0 < state["timer_remaining"] <= 120
    page = client_for(ana).get(f"/meetings/{now_meeting.pk}/live/panel/").content.decode()
    assert "it&#x27;s your turn" in page or "it's your turn" in page
    actions.end_turn(now_meeting, by=ana)
    assert not queries.live_snapshot(now_meeting)["round_active"]


def test_each_change_is_published_to_the_room(
    now_meeting: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[tuple[int | None, dict[str, Any]]] = []

    def seen(event: events.Event) -> None:
        if event.kind == events.MEETING_LIVE:
            sent.append((event.group_id, event.payload))

    events.subscribe(seen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.advance_step(now_meeting, by=fay)
    finally:
        events.unsubscribe(seen)
    ((group_id, payload),) = sent
    assert group_id == now_meeting.group_id and payload["kind"] == "meeting"
    assert payload["state"]["step"]["title"] == "Welcome and guidelines"


def test_members_check_in_and_attendance_is_counted(group: Any, fay: Any, ana_ben: Any) -> None:
    ana, _ben = ana_ben
    first = meeting_at(group, fay, soon(5))
    client_for(ana).post(f"/meetings/{first.pk}/check-in/")
    second = meeting_at(
        group, fay, timezone.now() - timedelta(minutes=100)
    )  # over: a facilitator records it
    client_for(fay).post(f"/meetings/{second.pk}/check-in/", {"user_id": ana.pk})
    assert queries.attended_count(ana, group) == 2
    actions.check_in(first, ana, by=ana)  # twice is harmless
    assert queries.attended_count(ana, group) == 2


def test_members_cannot_check_in_long_before_the_meeting(
    group: Any, fay: Any, ana_ben: Any
) -> None:
    later = meeting_at(group, fay, soon(60 * 5))
    with pytest.raises(actions.MeetingActionError, match="10 minutes before"):
        actions.check_in(later, ana_ben[0], by=ana_ben[0])


def test_after_the_meeting_members_are_asked_how_it_was(group: Any, fay: Any, ana_ben: Any) -> None:
    past = meeting_at(group, fay, timezone.now() - timedelta(hours=3))
    actions.check_in(past, ana_ben[0], by=fay)
    page = client_for(ana_ben[0]).get(f"/meetings/{past.pk}/").content.decode()
    assert "How was today" in page and "I&#x27;ll be there" not in page
    link = re.search(r'href="(/outcomes/check-in/feedback/\?[^"]+)"', page)
    assert link is not None and f"group={group.slug}" in link.group(1)
    assert client_for(ana_ben[0]).get(link.group(1).replace("&amp;", "&")).status_code == 200


def test_the_second_meeting_attended_opens_the_identification_check_in(
    group: Any, fay: Any, ana_ben: Any
) -> None:
    from alongside.outcomes.models import CheckIn

    ana = ana_ben[0]
    for hours_ago in (24 * 7 + 3, 3):
        actions.check_in(
            meeting_at(group, fay, timezone.now() - timedelta(hours=hours_ago)), ana, by=fay
        )
    assert queries.attended_count(ana, group) == 2
    assert CheckIn.objects.filter(
        user=ana, instrument="id4", group=group, occasion="after-2"
    ).exists()


def test_the_room_page_can_embed_the_panel_of_the_meeting_on_now(
    now_meeting: Any, fay: Any, ana_ben: Any, rf: Any, group: Any
) -> None:
    from django.template import Context, Template

    actions.advance_step(now_meeting, by=fay)
    request = rf.get("/rooms/")
    request.user = ana_ben[0]
    html = Template("{% load meetings %}{% live_meeting_panel group %}").render(
        Context({"request": request, "group": group})
    )
    assert "Welcome and guidelines" in html and 'id="live-panel"' in html
    request.user = make_user("outsider")
    html = Template("{% load meetings %}{% live_meeting_panel group %}").render(
        Context({"request": request, "group": group})
    )
    assert html.strip() == ""


def test_attendance_sums_up_for_group_effectiveness(group: Any, fay: Any, ana_ben: Any) -> None:
    ana, ben = ana_ben
    first = meeting_at(group, fay, timezone.now() - timedelta(days=7, minutes=100))
    second = meeting_at(group, fay, timezone.now() - timedelta(minutes=100))
    meeting_at(group, fay, soon(60 * 24))  # not held yet
    for m, people in ((first, [ana, ben]), (second, [ana])):
        for p in people:
            actions.check_in(m, p, by=fay)
    assert queries.attendance_summary(group) == {
        "meetings_held": 2,
        "check_ins": 3,
        "people": 2,
        "mean_per_meeting": 1.5,
    }


def test_the_live_room_shows_the_meeting_on_now(
    now_meeting: Any, fay: Any, ana_ben: Any, group: Any
) -> None:
    from django.urls import reverse

    from tests.conftest import client_for

    actions.advance_step(now_meeting, by=fay)
    page = client_for(ana_ben[0]).get(reverse("rooms:room", args=[group.slug])).content.decode()
    assert 'id="live-panel"' in page and "Welcome and guidelines" in page
    assert "meetings/room-bridge.js" in page
    # The polite live region sits outside the panel that is replaced on each refresh.
    assert page.index('id="live-announcer"') < page.index('id="live-panel"')
    assert "meetings/live-panel.js" in page


def announcements(client: Any, meeting: Any) -> dict[str, str]:
    import html

    page = client.get(f"/meetings/{meeting.pk}/live/panel/").content.decode()
    return {k: html.unescape(v) for k, v in re.findall(r'data-announce-(\w+)="([^"]*)"', page)}


def test_screen_readers_are_told_the_step_the_turn_and_times_up_not_each_second(
    now_meeting: Any, fay: Any, ana_ben: Any
) -> None:
    from alongside.meetings.models import LiveState

    ana, ben = ana_ben
    client = client_for(ana)
    page = client.get(f"/meetings/{now_meeting.pk}/live/").content.decode()
    assert 'id="live-announcer"' in page and 'aria-live="polite"' in page
    assert announcements(client, now_meeting) == {"step": "", "turn": "", "timer": ""}
    actions.advance_step(now_meeting, by=fay)
    actions.advance_step(now_meeting, by=fay)
    actions.check_in(now_meeting, ana, by=ana)
    actions.check_in(now_meeting, ben, by=ben)
    actions.start_timer(now_meeting, by=fay, seconds=120)
    actions.start_round(now_meeting, by=fay)
    said = announcements(client, now_meeting)
    assert said == {
        "step": "Now: Check-in round, step 2 of 5.",
        "turn": "It's your turn.",
        "timer": "",
    }
    # The timer ticks, but what would be announced stays the same.
    LiveState.objects.filter(meeting=now_meeting).update(
        timer_started_at=timezone.now() - timedelta(seconds=30)
    )
    assert announcements(client, now_meeting) == said
    assert announcements(client_for(ben), now_meeting)["turn"] == "Talking piece: ana."
    LiveState.objects.filter(meeting=now_meeting).update(
        timer_started_at=timezone.now() - timedelta(seconds=121)
    )
    assert announcements(client, now_meeting)["timer"] == "Share timer: time's up."
    actions.end_round(now_meeting, by=fay)
    assert announcements(client, now_meeting)["turn"] == "The round is finished."
    actions.end_meeting(now_meeting, by=fay)
    assert announcements(client, now_meeting) == {
        "step": "The meeting has ended.",
        "turn": "",
        "timer": "",
    }
