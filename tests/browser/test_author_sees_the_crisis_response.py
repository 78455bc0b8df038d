"""The person in crisis sees the response where they are looking: in the live room just above the
message box, in a thread at the top of the page they land on; on a phone and on a desktop; and
again after a reload while their alert is open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from alongside.rooms import actions as room_actions
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join
from tests.rooms.conftest import close_live_connections

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
CRISIS = "I can't do this anymore, I want to end my life"


@pytest.fixture(autouse=True)
def _close_hubs() -> Iterator[None]:
    yield
    close_live_connections()


@pytest.fixture
def sized_page(browser: Any, request: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport=SIZES[request.param])
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def fully_in_view(page: Any, selector: str) -> bool:
    return bool(
        page.eval_on_selector(
            selector,
            """el => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 1
            && r.right <= window.innerWidth + 1;
    }""",
        )
    )


def in_view(page: Any, selector: str) -> bool:
    """At least partly inside the window (for a message that may sit under the sticky dock's edge)."""
    return bool(
        page.eval_on_selector(
            selector,
            """el => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight;
    }""",
        )
    )


@pytest.mark.parametrize("sized_page", sorted(SIZES), indirect=True)
def test_in_the_room_the_notice_appears_at_the_message_box_and_comes_back_after_a_reload(
    live_url: str, sized_page: Any, group: Any, alice: Any, bob: Any
) -> None:
    page = sized_page
    join(bob, group, share=True)
    for n in range(40):  # a long room: the oldest messages are far above the newest
        room_actions.send_message(bob, group, f"b{n}", f"Earlier message number {n} about the week")
    join(
        alice, group, share=True
    )  # alice is in GB; she joins after them, so nothing is unread for her
    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/rooms/{group.slug}/")
    page.get_by_text("Connected.").wait_for()
    page.get_by_label("Your message").wait_for()

    # The room opens at the newest message, not the oldest.
    assert in_view(page, "#messages li:last-child")
    assert not in_view(page, "#messages li:first-child")
    assert page.locator("#private-notice").is_hidden()

    page.get_by_label("Your message").fill(CRISIS)
    page.get_by_label("Your message").press("Enter")
    notice = page.locator("#private-notice")
    notice.get_by_text("Samaritans").wait_for()
    assert "116 123" in notice.inner_text()
    assert fully_in_view(page, "#private-notice")
    # Just above the box they typed in, and that box is in view too.
    box = page.get_by_label("Your message").bounding_box()
    panel = notice.bounding_box()
    assert box is not None and panel is not None and panel["y"] + panel["height"] <= box["y"] + 1
    assert fully_in_view(page, "#message-text")
    # Screen readers hear it once, from the assertive live region.
    announcer = page.locator("#notice-announcer")
    assert announcer.get_attribute("aria-live") == "assertive"
    assert "facilitator has been alerted" in announcer.inner_text()
    assert serious_axe_violations(page) == []

    # It stays after other messages arrive, and after a reload while the alert is open.
    room_actions.send_message(bob, group, "b-after", "Alice, I'm here with you")
    page.get_by_text("I'm here with you").wait_for()
    assert notice.is_visible() and fully_in_view(page, "#private-notice")
    page.reload()
    page.get_by_text("Connected.").wait_for()
    assert notice.is_visible()
    assert (
        "Samaritans" in notice.inner_text()
        and "facilitator has been alerted" in notice.inner_text()
    )
    assert fully_in_view(page, "#private-notice")
    assert in_view(page, "#messages li:last-child")

    # Until they hide it; then they are back in the message box.
    notice.get_by_role("button", name="Hide this notice").click()
    assert notice.is_hidden()
    assert page.evaluate("document.activeElement.id") == "message-text"


@pytest.mark.parametrize("sized_page", sorted(SIZES), indirect=True)
def test_in_a_thread_the_notice_is_at_the_top_of_the_page_after_posting(
    live_url: str, sized_page: Any, group: Any, alice: Any, bob: Any
) -> None:
    page = sized_page
    join(alice, group, share=True)
    join(bob, group, share=True)
    thread, _post, _verdict = room_actions.create_thread(
        bob, group, "How was your week?", "Tell us about it."
    )
    for n in range(20):  # a long thread: the reply form is far down the page
        room_actions.reply_to_thread(
            bob, thread, f"Another thought, number {n}, about sleep and walks and tea."
        )
    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/rooms/{group.slug}/threads/{thread.pk}/")
    page.get_by_label("Your reply").fill(CRISIS)
    page.get_by_role("button", name="Reply").click()
    page.wait_for_load_state()

    notice = page.locator("#private-notice")
    assert notice.is_visible()
    assert notice.get_attribute("role") == "alert"  # announced once, on arrival
    assert "Samaritans" in notice.inner_text() and "116 123" in notice.inner_text()
    assert fully_in_view(page, "#private-notice-title")
    assert in_view(page, "#private-notice .crisis-lines")
    assert serious_axe_violations(page) == []

    # Back again after a reload while the alert is open, without being announced again.
    page.reload()
    assert notice.is_visible() and "Samaritans" in notice.inner_text()
    assert notice.get_attribute("role") is None
