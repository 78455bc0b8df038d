"""A newcomer signs up, verifies, finds a group, reads what to expect, consents and joins as a
listener; a facilitator edits the guidelines and the member is asked to consent again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from alongside.groups.models import ConsentRecord, Membership
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_newcomer_signs_up_verifies_and_joins_as_listener(
    live_url: str, page: Any, new_page: Any, group: Any, fay: Any
) -> None:
    page.goto(f"{live_url}/accounts/signup/")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Handle").fill("quietbird")
    page.locator("#id_password1").fill("a long passphrase 42")
    page.locator("#id_password2").fill("a long passphrase 42")
    # Country and age are asked outright: nothing is chosen for the newcomer.
    page.get_by_role("button", name="Create my account").click()
    assert page.get_by_text("Please choose your country").is_visible()
    assert page.get_by_text("Please tell us whether you are under 18").is_visible()
    page.locator("#id_password1").fill("a long passphrase 42")
    page.locator("#id_password2").fill("a long passphrase 42")
    page.get_by_label("Country").select_option("GB")
    page.get_by_label("18 and over").check()
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    # The verification e-mail is the only way in.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(
        link.group(0).replace("https://testserver", live_url).replace("http://testserver", live_url)
    )
    page.get_by_role("button", name="Confirm").click()
    # Confirming signs the newcomer in: no second sign-in.
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.goto(f"{live_url}/groups/")
    page.get_by_label("Focus").select_option("depression")
    page.get_by_role("link", name=group.name).click()
    assert page.get_by_role("heading", name="What to expect").is_visible()
    assert page.get_by_text("Everyone joins as a listener").is_visible()
    assert "14 Mill Lane" not in page.content()

    page.get_by_role("link", name="Join this group").click()
    # Consent is explicit: without the boxes ticked, nothing is joined.
    page.get_by_role("button", name="Agree and join as a listener").click()
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("I have read this group's guidelines").check()
    page.get_by_label("I will keep what others share confidential.").check()
    page.get_by_label("I understand what happens if someone may be in danger").check()
    page.get_by_role("button", name="Agree and join as a listener").click()
    assert page.get_by_text("You've joined as a listener").is_visible()
    assert "14 Mill Lane" in page.content()

    membership = Membership.objects.get(user__handle="quietbird", group=group)
    assert membership.role == Membership.Role.LISTENER
    assert ConsentRecord.objects.filter(
        user=membership.user, group=group, guidelines_version__version=1
    ).exists()

    # The facilitator edits the guidelines...
    facilitator = new_page()
    sign_in(facilitator, live_url, fay.email, PASSWORD)
    facilitator.goto(f"{live_url}/groups/{group.slug}/manage/guidelines/")
    facilitator.get_by_label("Guidelines").fill("## Be kind\nNew rule: cameras optional.")
    facilitator.get_by_label("What changed").fill("Cameras are optional now.")
    facilitator.get_by_role("button", name="Publish new version").click()
    assert facilitator.get_by_text("Version 2 published").is_visible()

    # ...and the member is asked to agree again.
    page.goto(f"{live_url}/groups/{group.slug}/")
    assert page.get_by_text("The group's guidelines have changed").is_visible()
    page.get_by_role("link", name="Read the new guidelines").click()
    assert page.get_by_text("Cameras are optional now.").is_visible()
    page.get_by_label("I have read this group's guidelines").check()
    page.get_by_label("I will keep what others share confidential.").check()
    page.get_by_label("I understand what happens if someone may be in danger").check()
    page.get_by_role("button", name="I agree").click()
    assert page.get_by_text("Thank you for agreeing").is_visible()
    assert ConsentRecord.objects.filter(
        user=membership.user, guidelines_version__version=2
    ).exists()


@pytest.mark.parametrize("path", ["/", "/groups/", "/groups/{slug}/", "/accounts/signup/"])
def test_key_pages_have_no_serious_accessibility_violations(
    live_url: str, page: Any, group: Any, path: str
) -> None:
    page.goto(live_url + path.format(slug=group.slug))
    assert serious_axe_violations(page) == []
