"""iCalendar: a .ics per meeting and a private, resettable feed per member, parsed back."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

from alongside.meetings import actions
from tests.conftest import client_for, join
from tests.meetings.conftest import meeting_at, series_starting, soon


def events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_a_meeting_ics_has_the_right_utc_time_and_the_place_for_members(
    group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(60 * 30), tz="Europe/London", duration=75)
    response = client_for(alice).get(f"/meetings/{meeting.pk}/meeting.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = events(response.content)
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtend") - event.decoded("dtstart") == meeting.ends_at - meeting.starts_at
    assert str(event["location"]) == "Room 2, 14 Mill Lane"
    assert str(event["uid"]) == f"meeting-{meeting.pk}@alongside"


def test_the_feed_lists_my_groups_meetings_and_no_one_elses(
    group: Any, youth_group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group)
    series = series_starting(group, fay, soon(60 * 24), tz="Europe/London")
    series_starting(youth_group, fay, soon(60 * 24), title="Other group")
    feed = actions.calendar_feed(alice)
    response = client_for(alice).get(f"/meetings/feed/{feed.token}.ics")
    assert response.status_code == 200
    evs = events(response.content)
    assert evs and {str(e["summary"]) for e in evs} == {"Group meeting"}
    starts = sorted(e.decoded("dtstart") for e in evs)
    assert starts[0] == series.meetings.order_by("starts_at").first().starts_at  # type: ignore[union-attr]


def test_the_feed_works_without_signing_in_but_only_with_the_current_secret(
    client: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group)
    series_starting(group, fay, soon(60 * 24))
    old = actions.calendar_feed(alice).token
    assert client.get(f"/meetings/feed/{old}.ics").status_code == 200
    client_for(alice).post("/meetings/calendar/reset/")
    new = actions.calendar_feed(alice).token
    assert new != old
    assert client.get(f"/meetings/feed/{old}.ics").status_code == 404
    assert client.get(f"/meetings/feed/{new}.ics").status_code == 200
    assert client.get("/meetings/feed/guess.ics").status_code == 404


def test_a_cancelled_meeting_is_marked_cancelled_in_the_feed(
    group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(60 * 24))
    actions.cancel_meeting(meeting, editor=fay)
    (event,) = events(client_for(alice).get(f"/meetings/{meeting.pk}/meeting.ics").content)
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_calendar_titles_say_only_the_groups_chosen_public_name(
    group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(60 * 24))
    (event,) = events(client_for(alice).get(f"/meetings/{meeting.pk}/meeting.ics").content)
    assert str(event["summary"]) == "Group meeting"
    assert "Depression" not in str(event["summary"])
    client_for(fay).post(
        f"/groups/{group.slug}/manage/",
        {
            "name": group.name,
            "purpose": group.purpose,
            "focus": group.focus,
            "audience": group.audience,
            "format": group.format,
            "leadership": group.leadership,
            "language": "en",
            "capacity": 12,
            "location": group.location,
            "visibility": group.visibility,
            "status": group.status,
            "calendar_name": "Tuesday circle",
        },
    )
    (event,) = events(client_for(alice).get(f"/meetings/{meeting.pk}/meeting.ics").content)
    assert str(event["summary"]) == "Tuesday circle"


def test_the_neutral_calendar_title_is_in_the_members_language(
    group: Any, fay: Any, alice: Any
) -> None:
    alice.ui_language = "es"
    alice.save(update_fields=["ui_language"])
    join(alice, group)
    meeting = meeting_at(group, fay, soon(60 * 24))
    (event,) = events(client_for(alice).get(f"/meetings/{meeting.pk}/meeting.ics").content)
    assert str(event["summary"]) == "Reunión del grupo"
