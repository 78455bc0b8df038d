"""A member edits and then removes their own message in the live room, in real browsers: the
other member sees the edit and then "Message removed by its author." in its place, live."""

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


def test_a_member_edits_then_removes_their_message_and_the_other_sees_both_live(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, bob: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    room = f"{live_url}/rooms/{group.slug}/"
    other = new_page()
    sign_in(other, live_url, bob.email, PASSWORD)
    other.goto(room)
    other.get_by_text("Connected.").wait_for()

    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(room)
    page.get_by_text("Connected.").wait_for()
    page.get_by_label("Your message").fill("my flat is 4B at 12 Elm Road")
    page.get_by_label("Your message").press("Enter")
    other.locator("#messages li", has_text="Elm Road").wait_for()
    # Only the author is offered Edit and Remove; the other member can report it instead.
    assert (
        other.locator("#messages li", has_text="Elm Road").get_by_role("link", name="Edit").count()
        == 0
    )

    page.locator("#messages li", has_text="Elm Road").get_by_role("link", name="Edit").click()
    assert serious_axe_violations(page) == []
    page.get_by_label("Your message").fill("I live near the park")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Connected.").wait_for()
    edited = other.locator("#messages li", has_text="near the park")
    edited.wait_for()
    assert "(edited)" in edited.inner_text()
    assert other.locator("#messages li", has_text="Elm Road").count() == 0

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#messages li", has_text="near the park").get_by_role(
        "button", name="Remove"
    ).click()
    other.locator("#messages li", has_text="Message removed by its author.").wait_for()
    assert other.locator("#messages li", has_text="near the park").count() == 0
    page.locator("#messages li", has_text="Message removed by its author.").wait_for()
    assert serious_axe_violations(other) == []
