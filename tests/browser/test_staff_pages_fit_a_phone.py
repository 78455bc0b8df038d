"""Staff act from a phone at night: the crisis alert page and a group's members page fit a
390-pixel screen (a long e-mail address and the member actions used to push them sideways)."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.safety import actions
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, join, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_alert_and_members_pages_fit_a_phone(
    live_url: str, browser: Any, group: Any, fay: Any
) -> None:
    long_address = make_user("river", country="GB")
    long_address.email = "someone.with.a.rather.long.address@example-university.ac.uk"
    long_address.save(update_fields=["email"])
    join(long_address, group, share=True)
    alert = actions.raise_crisis_alert(long_address, level="high", group=group)

    context = browser.new_context(locale="en-GB", viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_url, fay.email, PASSWORD)
        for path in (f"/safety/alerts/{alert.pk}/", f"/groups/{group.slug}/members/"):
            page.goto(live_url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        page.get_by_text("Make a facilitator").first.click()
        assert page.get_by_role("button", name="Make a facilitator").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
