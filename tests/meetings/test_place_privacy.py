"""An in-person place is shown to members only."""

from __future__ import annotations

from typing import Any

from alongside.meetings import actions, ical
from tests.conftest import client_for, join
from tests.meetings.conftest import meeting_at, soon

PLACE = "Room 2, 14 Mill Lane"


def test_members_see_the_place_on_the_meeting_page(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(60 * 24))
    assert PLACE in client_for(alice).get(f"/meetings/{meeting.pk}/").content.decode()


def test_non_members_cannot_see_the_meeting_or_its_place(
    client: Any, group: Any, fay: Any, bob: Any
) -> None:
    meeting = meeting_at(group, fay, soon(60 * 24))
    # A meeting id is "not found" to outsiders (like one that does not exist); the group's page is theirs to know of.
    for url, refused in (
        (f"/meetings/{meeting.pk}/", 404),
        (f"/meetings/{meeting.pk}/meeting.ics", 404),
        (f"/meetings/group/{group.slug}/", 403),
    ):
        response = client_for(bob).get(url)
        assert response.status_code == refused and PLACE not in response.content.decode()
        assert client.get(url).status_code == 302


def test_someone_who_left_loses_the_place_from_their_feed(group: Any, fay: Any, alice: Any) -> None:
    from alongside.groups import actions as group_actions

    join(alice, group)
    meeting_at(group, fay, soon(60 * 24))
    feed = actions.calendar_feed(alice)
    assert b"Mill Lane" in client_for(alice).get(f"/meetings/feed/{feed.token}.ics").content
    group_actions.leave_group(alice, group)
    body = client_for(alice).get(f"/meetings/feed/{feed.token}.ics").content
    assert b"Mill Lane" not in body


def test_the_ics_for_a_non_member_leaves_the_place_out(group: Any, fay: Any, bob: Any) -> None:
    meeting = meeting_at(group, fay, soon(60 * 24))
    assert b"Mill Lane" not in ical.meeting_ics(meeting, bob)
    assert b"Mill Lane" in ical.meeting_ics(meeting, fay)
