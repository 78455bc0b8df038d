"""The live meeting panel's heading follows the meeting: soon, about to begin, in progress, ended
— never "Meeting in progress" once it is over; and it can be folded away."""

from __future__ import annotations

import re
from typing import Any

from alongside.meetings import actions
from tests.conftest import client_for, join
from tests.meetings.conftest import meeting_at, soon


def heading(client: Any, meeting: Any) -> str:
    page = client.get(f"/meetings/{meeting.pk}/live/panel/").content.decode()
    found = re.search(r'<h2 id="live-heading">([^<]*)</h2>', page)
    assert found, page
    return found.group(1)


def test_the_heading_follows_the_meeting_from_soon_to_ended(
    group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    client = client_for(alice)
    later = meeting_at(group, fay, soon(60))
    assert heading(client, later) == "Meeting soon"
    now = meeting_at(group, fay, soon(5))
    assert heading(client, now) == "Meeting about to begin"
    actions.advance_step(now, by=fay)
    assert heading(client, now) == "Meeting in progress"
    actions.end_meeting(now, by=fay)
    assert heading(client, now) == "Meeting ended"


def test_the_panel_offers_to_fold_away(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group, share=True)
    meeting = meeting_at(group, fay, soon(5))
    page = client_for(alice).get(f"/meetings/{meeting.pk}/live/panel/").content.decode()
    assert 'aria-controls="live-panel-body"' in page and 'id="live-panel-body"' in page
