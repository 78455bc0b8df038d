"""A member is mentioned and replied to; the count in her header changes live, without a reload,
and she opens the notification — on a phone and on a desktop."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.rooms import actions
from tests.browser.conftest import _watch_csp, serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join
from tests.rooms.conftest import close_live_connections

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("ALONGSIDE_SHOTS", "")  # a folder to keep screenshots in, if set


@pytest.fixture(autouse=True)
def _close_hubs() -> Iterator[None]:
    yield
    close_live_connections()


def shot(pg: Any, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        pg.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_a_mention_and_a_reply_reach_her_live_and_she_opens_them(
    size: tuple[int, int],
    live_url: str,
    browser: Any,
    new_page: Any,
    group: Any,
    alice: Any,
    bob: Any,
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    thread, _post, _v = actions.create_thread(alice, group, "Sleep", "I can't sleep lately")
    width, height = size
    violations: list[str] = []
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        _watch_csp(page, violations)
        sign_in(page, live_url, alice.email, PASSWORD)
        page.goto(f"{live_url}/groups/")
        page.locator("html[data-live='open']").wait_for()
        bell = page.locator("#notifications-bell")
        assert bell.inner_text().strip() == "Notifications"
        page.evaluate("window.notReloaded = true")

        other = new_page()
        sign_in(other, live_url, bob.email, PASSWORD)
        other.goto(f"{live_url}/rooms/{group.slug}/")
        other.get_by_text("Connected.").wait_for()
        other.get_by_label("Your message").fill("@alice the breathing exercise helped me")
        other.get_by_label("Your message").press("Enter")
        bell.locator(".count-badge", has_text="1").wait_for()
        shot(page, f"bell-{width}")

        other.goto(f"{live_url}/rooms/{group.slug}/threads/{thread.pk}/")
        other.get_by_label("Your reply").fill("Me neither. A walk before bed helps me.")
        other.get_by_role("button", name="Reply").click()
        bell.locator(".count-badge", has_text="2").wait_for()
        assert page.evaluate("window.notReloaded") is True  # it changed without a reload
        assert (
            bell.get_by_role("link").inner_text().replace("\n", " ").strip()
            == "Notifications 2 unread"
        )

        bell.get_by_role("link").click()
        page.get_by_role("heading", name="Notifications").wait_for()
        items = page.locator(".notifications li")
        assert items.count() == 2
        assert (
            "bob replied to your thread in Evening Depression Support." in items.nth(0).inner_text()
        )
        assert "walk" not in page.locator("#notification-list").inner_text()
        shot(page, f"list-{width}")
        assert serious_axe_violations(page) == []

        page.get_by_role(
            "link", name="bob mentioned you in the live room of Evening Depression Support."
        ).click()
        page.get_by_text("Connected.").wait_for()
        assert page.url.startswith(f"{live_url}/rooms/{group.slug}/")
        assert page.locator("#messages li", has_text="breathing exercise").count() == 1
        page.locator("#notifications-bell .count-badge", has_text="1").wait_for()

        page.goto(f"{live_url}/notifications/")
        page.get_by_role("button", name="Mark as read").click()
        page.locator("#notifications-bell .count-badge").wait_for(state="detached")
        expect(page.locator(".notifications li.unread")).to_have_count(0)  # the list follows, live

        page.goto(f"{live_url}/notifications/settings/")
        shot(page, f"settings-{width}")
        assert serious_axe_violations(page) == []
    finally:
        context.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_after_leaving_the_group_her_notification_shows_nothing_of_it(
    size: tuple[int, int], live_url: str, browser: Any, group: Any, alice: Any, bob: Any
) -> None:
    from alongside.groups import actions as group_actions
    from alongside.notifications.models import Notification

    join(alice, group, share=True)
    join(bob, group, share=True)
    thread, _post, _v = actions.create_thread(alice, group, "Sleep", "I can't sleep lately")
    actions.reply_to_thread(bob, thread, "A walk before bed helps me.")
    group_actions.leave_group(alice, group)
    n = Notification.objects.get(user=alice)
    width, height = size
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
    violations: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        _watch_csp(page, violations)
        sign_in(page, live_url, alice.email, PASSWORD)
        page.goto(f"{live_url}/notifications/")
        listing = page.locator("#notification-list").inner_text()
        assert "bob" not in listing and "Evening Depression Support" not in listing
        assert serious_axe_violations(page) == []
        page.goto(f"{live_url}/notifications/{n.pk}/")
        page.get_by_role("heading", name="You can no longer see this").wait_for()
        assert "walk" not in page.content() and f"/threads/{thread.pk}/" not in page.content()
        shot(page, f"gone-{width}")
        assert serious_axe_violations(page) == []
    finally:
        context.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"
