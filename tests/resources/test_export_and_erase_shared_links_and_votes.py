from __future__ import annotations

from typing import Any

from alongside.accounts.privacy import REGISTRY
from alongside.groups.models import Group
from alongside.resources import actions
from alongside.resources.models import SharedResource, Vote
from tests.conftest import join


def test_a_member_exports_and_erases_what_they_shared_and_voted(
    group: Group, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    actions.suggest_resource(
        author=alice, group=group, title="My link", url="https://example.org/m", why="Calm"
    )
    poll = actions.create_poll(by=fay, group=group, question="When?", options=["Mon", "Tue"])
    actions.vote(voter=alice, poll=poll, option_id=poll.options.get(text="Tue").pk)
    section = REGISTRY["resources"]
    data = section.export(alice)
    assert (
        data["shared_links"][0]["title"] == "My link" and data["shared_links"][0]["why"] == "Calm"
    )
    assert data["poll_votes"][0]["choice"] == "Tue"
    assert section.erase is not None
    section.erase(alice)
    assert not SharedResource.objects.filter(author=alice).exists()
    assert not Vote.objects.filter(voter=alice).exists()
    assert section.export(fay) == {"shared_links": [], "poll_votes": []}
