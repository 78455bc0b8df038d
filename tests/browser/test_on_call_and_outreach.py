"""On call and private outreach in a real browser, on a phone and a desktop: a moderator who signs
in sees the waiting alert at once (and new ones arrive by themselves); a moderator writes to a
member privately, the member sees it arrive live, answers, and the moderator sees the answer live."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.safety import actions
from tests.browser.conftest import _watch_csp, serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SHOTS = Path(__file__).resolve().parent.parent.parent / ".alongside" / "screenshots"


@pytest.fixture
def person_page(browser: Any) -> Iterator[Any]:
    """make(size) -> a page in its own browser context (its own person) at that viewport."""
    contexts: list[Any] = []
    violations: list[str] = []

    def make(size: str) -> Any:
        ctx = browser.new_context(locale="en-GB", viewport=SIZES[size])
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        _watch_csp(pg, violations)
        return pg

    yield make
    for ctx in contexts:
        ctx.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def expect_in_viewport(page: Any, selector: str) -> None:
    """Visible without scrolling: at least half of it on screen (Playwright retries while the page
    settles, so a slow machine does not fail a page that is right)."""
    expect(page.locator(selector)).to_be_in_viewport(ratio=0.5)


def wait_live(page: Any) -> None:
    """Until the page's live channel is open (a selector: the pages forbid eval, so no wait_for_function)."""
    page.locator("html[data-live='open']").wait_for(state="attached")


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_moderator_signing_in_sees_the_waiting_alert(
    live_url: str, person_page: Any, group: Any, alice: Any, bob: Any, mo: Any, size: str
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    actions.raise_crisis_alert(
        alice,
        level="high",
        group=group,
        reasons=["crisis rule: crisis_high"],
        now=timezone.now() - timedelta(minutes=4),
    )
    page = person_page(size)
    sign_in(page, live_url, mo.email, PASSWORD)
    banner = page.locator("#oncall-banner")
    assert "1 crisis alert is waiting for you" in banner.inner_text()
    assert "highest level: High risk" in banner.inner_text()
    assert "oldest 4\xa0minutes ago" in banner.inner_text()
    expect_in_viewport(page, "#oncall-banner .oncall-banner")  # visible without scrolling
    countdown = page.locator("#oncall-banner .countdown")
    expect(countdown).not_to_have_text(countdown.inner_text(), timeout=3000)  # it ticks
    assert serious_axe_violations(page) == []
    shot(page, f"oncall-banner-{size}")

    # Another member in crisis: the banner changes by itself, without a reload.
    wait_live(page)
    actions.raise_crisis_alert(bob, level="concern", group=group)
    page.get_by_text("2 crisis alerts are waiting for you").wait_for()

    page.get_by_role("link", name="Open the most urgent alert").click()
    assert page.get_by_role("heading", name="High risk alert: alice").is_visible()
    assert page.get_by_text("says they mean to end their life, or are about to").is_visible()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_dashboard_shows_a_new_alert_without_reloading(
    live_url: str, person_page: Any, group: Any, alice: Any, bob: Any, mo: Any, size: str
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    actions.raise_crisis_alert(bob, level="concern", group=group, reasons=["crisis classifier"])
    page = person_page(size)
    sign_in(page, live_url, mo.email, PASSWORD)
    page.goto(f"{live_url}/safety/")
    wait_live(page)
    actions.raise_crisis_alert(
        alice, level="high", group=group, reasons=["crisis rule: plan_means_time"]
    )
    page.get_by_role("link", name="alice may be in crisis").wait_for(
        timeout=5000
    )  # well before the 30 s poll
    cards = page.locator("#alerts li.card").all_inner_texts()
    assert "alice" in cards[0] and "bob" in cards[1], "high risk first, though it arrived last"
    assert "mentions a plan, a means and a time" in cards[0]
    assert serious_axe_violations(page) == []
    shot(page, f"dashboard-{size}")


@pytest.mark.parametrize("size", sorted(SIZES))
def test_outreach_goes_from_moderator_to_member_and_back_live(
    live_url: str, person_page: Any, group: Any, alice: Any, mo: Any, size: str
) -> None:
    join(alice, group, share=True)
    alert = actions.raise_crisis_alert(
        alice, level="high", group=group, reasons=["crisis rule: crisis_high"]
    )
    member = person_page(size)
    sign_in(member, live_url, alice.email, PASSWORD)
    wait_live(member)

    staff = person_page(size)
    sign_in(staff, live_url, mo.email, PASSWORD)
    staff.goto(f"{live_url}/safety/alerts/{alert.pk}/")
    staff.get_by_role("button", name="Message alice privately in Alongside").click()
    assert staff.get_by_role("heading", name="Private conversation with alice").is_visible()
    staff.get_by_label("Your message to alice").fill(
        "Hi alice, I'm mo from the safety team. Are you safe right now?"
    )
    staff.get_by_role("button", name="Send privately").click()
    assert staff.get_by_text("Are you safe right now?").is_visible()
    assert serious_axe_violations(staff) == []
    wait_live(staff)

    # The member, on the page they already had open, is told at once.
    notice = member.locator("#live-notices").get_by_text(
        "mo (Moderator) sent you a private message."
    )
    notice.wait_for(timeout=5000)
    expect_in_viewport(member, "#live-notices")
    shot(member, f"outreach-notice-{size}")
    member.locator("#live-notices").get_by_role("link", name="Open").first.click()
    assert member.get_by_role("heading", name="Your private conversation").is_visible()
    assert member.get_by_text("Are you safe right now?").is_visible()
    assert member.locator(".outreach-message .meta").first.inner_text().startswith(
        "mo\n· Moderator"
    ) or "mo · Moderator" in " ".join(
        member.locator(".outreach-message .meta").first.inner_text().split()
    )
    assert serious_axe_violations(member) == []
    wait_live(member)

    # A second message arrives on the member's open conversation by itself.
    from alongside.outreach import actions as outreach
    from alongside.outreach.models import Conversation

    convo = Conversation.objects.get(member=alice)
    outreach.send_message(mo, convo, "Take your time. I'm here for the next hour.")
    member.get_by_text("I'm here for the next hour.").wait_for(timeout=5000)

    member.get_by_label("Your reply").fill("Thank you. I'm safe for now, it was a very bad night.")
    member.get_by_role("button", name="Send privately").click()
    assert member.get_by_text("it was a very bad night").is_visible()
    shot(member, f"outreach-member-{size}")

    # ...and the moderator's open conversation shows the reply without a reload.
    staff.get_by_text("it was a very bad night").wait_for(timeout=5000)
    shot(staff, f"outreach-staff-{size}")
