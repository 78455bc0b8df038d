"""Four eyes on appeals, in real browsers: the moderator who decided sees the appeal but cannot
decide it; the group's facilitator can. The review page shows the message in context."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from alongside.rooms import actions as room_actions
from alongside.rooms.models import Message
from alongside.safety import actions
from alongside.safety.models import Appeal
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join
from tests.rooms.conftest import close_live_connections

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _close_hubs() -> Iterator[None]:
    yield
    close_live_connections()


def test_an_appeal_cannot_be_decided_by_the_decisions_author(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, bob: Any, fay: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    room_actions.send_message(alice, group, "a1", "Sundays are the hardest for me")
    room_actions.send_message(bob, group, "b1", "you are such a whiner, honestly")
    room_actions.send_message(alice, group, "a2", "That hurt.")
    rude = Message.objects.get(text="you are such a whiner, honestly")
    actions.report_content(alice, "room_message", rude.pk, "Name-calling")

    # The moderator reviews the report, in context, and warns bob.
    sign_in(page, live_url, mo.email, PASSWORD)
    page.goto(f"{live_url}/safety/")
    page.get_by_role("link", name="Message by bob in Evening Depression Support").click()
    context = page.locator("section", has=page.get_by_role("heading", name="In context"))
    assert context.get_by_text("Sundays are the hardest for me").is_visible()
    assert context.get_by_text("That hurt.").is_visible()
    assert page.get_by_label("Hide and remove the author from the group").is_visible()
    assert page.get_by_label("Hide and suspend the author's account").is_visible()
    assert serious_axe_violations(page) == []
    page.get_by_label("Hide and warn the author").check()
    page.get_by_label("Reason (shown to the member").fill(
        "Name-calling breaks guideline 1: be kind."
    )
    page.get_by_role("button", name="Record decision").click()
    assert page.get_by_text("Decision recorded").is_visible()

    # bob appeals.
    member = new_page()
    sign_in(member, live_url, bob.email, PASSWORD)
    member.goto(f"{live_url}/safety/my/")
    assert member.get_by_text("“you are such a whiner, honestly”").is_visible()  # what it concerns
    member.get_by_label("Appeal: why do you think this was wrong?").fill(
        "It was a joke between friends."
    )
    member.get_by_role("button", name="Send appeal").click()
    assert member.get_by_text(
        "Someone who did not make the decision will review it.", exact=True
    ).is_visible()

    # The moderator who decided sees the appeal and cannot decide it.
    page.goto(f"{live_url}/safety/")
    appeals = page.locator("section", has=page.get_by_role("heading", name="Appeals"))
    assert appeals.get_by_text("It was a joke between friends.").is_visible()
    assert appeals.get_by_text(
        "You made this decision, so someone else must review the appeal."
    ).is_visible()
    assert appeals.get_by_role("button", name="Overturn").count() == 0
    assert appeals.get_by_role("button", name="Uphold").count() == 0
    assert serious_axe_violations(page) == []

    # The group's facilitator decides it.
    facilitator = new_page()
    sign_in(facilitator, live_url, fay.email, PASSWORD)
    facilitator.goto(f"{live_url}/safety/")
    facilitator.get_by_label("Your answer (the member sees it)").fill(
        "Between friends it can read differently; overturned."
    )
    facilitator.get_by_role("button", name="Overturn").click()
    assert facilitator.get_by_text("Appeal reviewed").is_visible()
    appeal = Appeal.objects.get(member=bob)
    assert appeal.status == "overturned" and appeal.reviewed_by == fay
