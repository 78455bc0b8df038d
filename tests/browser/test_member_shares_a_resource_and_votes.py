"""A member shares a link with their group and votes in a poll; every page is axe-clean."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.resources import actions
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join

pytestmark = pytest.mark.browser


def test_a_member_shares_a_link_and_votes(
    live_url: str, page: Any, group: Any, fay: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    actions.add_library_resource(
        by=mo,
        title="Sleep and low mood",
        url="https://example.org/sleep",
        kind="article",
        topics=["depression"],
    )
    actions.create_poll(
        by=fay, group=group, question="Which evening suits you?", options=["Monday", "Tuesday"]
    )
    sign_in(page, live_url, alice.email, PASSWORD)

    page.get_by_role("link", name="Resources", exact=True).click()
    expect(page.get_by_role("link", name="Sleep and low mood")).to_be_visible()
    assert serious_axe_violations(page) == []

    page.goto(f"{live_url}/groups/{group.slug}/")
    page.get_by_role("link", name="Shared resources").click()
    page.get_by_label("Title").fill("A calm breathing video")
    page.get_by_label("Link (http:// or https://)").fill("https://example.org/breathe")
    page.get_by_label("Why it helped you").fill("It slowed me down before bed.")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_role("link", name="A calm breathing video")).to_be_visible()
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name="Polls", exact=True).click()
    page.get_by_label("Tuesday").check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("Not enough votes yet")).to_be_visible()
    expect(page.get_by_label("Tuesday")).to_be_checked()
    assert serious_axe_violations(page) == []
