from __future__ import annotations

from typing import Any

from alongside.accounts import actions as account_actions
from alongside.meetings import actions
from alongside.meetings.models import RSVP
from tests.conftest import join, make_user
from tests.meetings.conftest import meeting_at, soon


def test_export_includes_my_meetings(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(60 * 24))
    actions.rsvp(meeting, alice)
    data = account_actions.export_personal_data(alice)
    assert data["meetings"]["rsvps"][0]["status"] == "going"


def test_erasing_an_account_frees_the_place_and_revokes_the_calendar_feed(
    client: Any, group: Any, fay: Any, alice: Any
) -> None:
    bea = make_user("bea")
    join(alice, group)
    join(bea, group)
    meeting = meeting_at(group, fay, soon(60 * 24), capacity=1)
    actions.rsvp(meeting, alice)
    actions.rsvp(meeting, bea)
    token = actions.calendar_feed(alice).token
    account_actions.erase_account(alice, confirm_handle="alice")
    assert RSVP.objects.get(user=bea).status == "going"
    assert client.get(f"/meetings/feed/{token}.ics").status_code == 404
