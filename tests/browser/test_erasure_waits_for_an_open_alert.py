"""A member in crisis erases their account: on a phone they are told why it waits and until when;
the moderator still sees how to reach them, and once the alert is resolved, that the account is
gone (never a made-up address)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from alongside.safety import actions
from alongside.safety.models import CrisisAlert
from alongside.safety.screening import screen
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("ALONGSIDE_SCREENSHOTS", "")  # a folder: keep screenshots to look at


def shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_erasure_waits_for_the_alert_and_everyone_is_told(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    verdict = screen("I can't go on. I'm going to end it tonight.", alice, group)
    actions.respond_to_screened_content(
        source="room_message", object_id=1, author=alice, group=group, verdict=verdict
    )
    alert = CrisisAlert.objects.get(member=alice)

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/me/data/")
    page.get_by_label("Type your handle (alice) to confirm").fill("alice")
    page.get_by_role("button", name="Erase my account").click()
    told = page.get_by_text("following up on a recent message of yours")
    assert told.is_visible() and "at the latest" in told.inner_text()
    assert serious_axe_violations(page) == []
    shot(page, "erasure-waits-member-390.png")

    staff = new_page()
    staff.set_viewport_size({"width": 1280, "height": 800})
    sign_in(staff, live_url, mo.email, PASSWORD)
    staff.goto(f"{live_url}/safety/alerts/{alert.pk}/")
    assert staff.get_by_text("alice@example.org").is_visible()
    assert staff.get_by_text("They asked for their account to be erased").is_visible()
    assert serious_axe_violations(staff) == []
    shot(staff, "erasure-waits-alert-1280.png")

    staff.get_by_label("Resolution notes (private, encrypted)").fill(
        "Spoke by e-mail; she is safe."
    )
    staff.get_by_role("button", name="Resolve").click()
    staff.goto(f"{live_url}/safety/alerts/{alert.pk}/")
    assert staff.get_by_text("None: the member's account was erased at their request.").is_visible()
    assert "erased.invalid" not in staff.content()
    staff.set_viewport_size({"width": 390, "height": 844})
    shot(staff, "erasure-done-alert-390.png")
