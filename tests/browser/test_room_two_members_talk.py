"""Two members talk in the live room in real browsers; a facilitator hides a message live."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join
from tests.rooms.conftest import close_live_connections

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _close_hubs() -> Iterator[None]:
    yield
    close_live_connections()


def test_two_members_talk_and_a_hidden_message_disappears_live(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, bob: Any, fay: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    room = f"{live_url}/rooms/{group.slug}/"

    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/groups/{group.slug}/")
    page.get_by_role("link", name="Live room").click()
    page.get_by_text("Connected.").wait_for()

    other = new_page()
    sign_in(other, live_url, bob.email, PASSWORD)
    other.goto(room)
    other.get_by_text("Connected.").wait_for()
    page.locator("#presence", has_text="bob").wait_for()

    page.get_by_label("Your message").fill("Hi bob, **glad** you're here")
    page.get_by_role("button", name="Send").click()
    other.locator("#messages li", has_text="glad").wait_for()
    assert other.locator("#messages strong", has_text="glad").count() == 1

    other.get_by_label("Your message").fill("Thanks alice, me too")
    other.get_by_label("Your message").press("Enter")
    page.locator("#messages li", has_text="me too").wait_for()
    assert [t.strip() for t in page.locator("#messages li .author").all_inner_texts()] == [
        "alice",
        "bob",
    ]
    assert serious_axe_violations(page) == []

    facilitator = new_page()
    sign_in(facilitator, live_url, fay.email, PASSWORD)
    facilitator.goto(room)
    facilitator.get_by_text("Connected.").wait_for()
    facilitator.locator("#messages li", has_text="me too").get_by_role(
        "button", name="Hide"
    ).click()
    page.locator("#messages li", has_text="me too").wait_for(state="detached")
    other.locator("#messages li", has_text="me too").wait_for(state="detached")


def test_a_cry_for_help_is_posted_and_the_author_sees_crisis_lines_at_once(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, bob: Any
) -> None:
    from alongside.safety.models import CrisisAlert

    join(alice, group, share=True)  # alice is in GB
    join(bob, group, share=True)
    room = f"{live_url}/rooms/{group.slug}/"
    other = new_page()
    sign_in(other, live_url, bob.email, PASSWORD)
    other.goto(room)
    other.get_by_text("Connected.").wait_for()

    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(room)
    page.get_by_text("Connected.").wait_for()
    page.get_by_label("Your message").fill("I can't do this anymore, I want to end my life")
    page.get_by_label("Your message").press("Enter")

    notice = page.locator("#private-notice")
    notice.get_by_text("Samaritans").wait_for()
    assert "116 123" in notice.inner_text()
    assert "facilitator has been alerted" in notice.inner_text()
    # Never silenced: the message reaches the group; the notice stays private to its author.
    other.get_by_text("I want to end my life").wait_for()
    assert other.locator("#private-notice").is_hidden()
    assert CrisisAlert.objects.filter(member=alice, group=group).exists()


def test_the_second_look_reaches_the_author_in_the_room_seconds_later(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, bob: Any, settings: Any
) -> None:
    from alongside.safety.models import CrisisAlert
    from tests.safety.test_second_look import IMPLICIT_CRISIS

    settings.SECOND_LOOK = "now"  # in the room's writer thread: the same path, without a worker
    join(alice, group, share=True)  # alice is in GB
    join(bob, group, share=True)
    room = f"{live_url}/rooms/{group.slug}/"
    other = new_page()
    sign_in(other, live_url, bob.email, PASSWORD)
    other.goto(room)
    other.get_by_text("Connected.").wait_for()

    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(room)
    page.get_by_text("Connected.").wait_for()
    page.get_by_label("Your message").fill(IMPLICIT_CRISIS)
    page.get_by_label("Your message").press("Enter")

    notice = page.locator("#private-notice")
    notice.get_by_text("A facilitator has been alerted").wait_for(timeout=30_000)
    assert "116 123" in notice.inner_text()
    other.get_by_text("picked a day").wait_for()
    assert other.locator("#private-notice").is_hidden()
    assert "crisis second look" in CrisisAlert.objects.get(member=alice, group=group).reasons
