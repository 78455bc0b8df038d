"""An on-call moderator sees a crisis alert appear on the dashboard, acknowledges it, records
contact and resolves it with notes; a member cannot open the dashboard."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.safety import actions
from alongside.safety.models import CrisisAlert
from alongside.safety.screening import screen
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join

pytestmark = pytest.mark.browser


def test_moderator_acknowledges_contacts_and_resolves_an_alert(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    sign_in(page, live_url, mo.email, PASSWORD)
    page.goto(f"{live_url}/safety/")
    assert page.get_by_role("heading", name="Safety dashboard").is_visible()
    assert page.get_by_text("No open crisis alerts.").is_visible()
    assert serious_axe_violations(page) == []

    # Alice posts a message in crisis; the dashboard picks it up by itself (htmx polling).
    verdict = screen("I can't go on. I'm going to end it tonight.", alice, group)
    actions.respond_to_screened_content(
        source="room_message", object_id=1, author=alice, group=group, verdict=verdict
    )
    alert_link = page.get_by_role("link", name="alice may be in crisis")
    alert_link.wait_for(timeout=15000)
    alert_link.click()
    assert page.get_by_role("heading", name="High risk alert: alice").is_visible()
    assert page.get_by_text("Not acknowledged yet").is_visible()
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Acknowledge").click()
    assert page.get_by_text("Alert acknowledged.").is_visible()
    page.get_by_label("How you contacted them").fill(
        "Sent a private message; she replied and is safe for now."
    )
    page.get_by_role("button", name="Record contact").click()
    assert page.get_by_text("Contact recorded.").is_visible()
    page.get_by_label("Resolution notes").fill("Safety plan agreed; will check in tomorrow.")
    page.get_by_role("button", name="Resolve").click()
    assert page.get_by_text("Alert resolved.").is_visible()
    assert page.get_by_text("Safety plan agreed; will check in tomorrow.").is_visible()

    alert = CrisisAlert.objects.get(member=alice)
    assert alert.status == CrisisAlert.Status.RESOLVED and alert.acknowledged_by == mo
    assert alert.time_to_acknowledge is not None

    # A member who is not staff is refused the dashboard.
    member = new_page()
    sign_in(member, live_url, alice.email, PASSWORD)
    response = member.goto(f"{live_url}/safety/")
    assert response is not None and response.status == 403


def test_the_crisis_lines_page_is_accessible(live_url: str, page: Any, db: Any) -> None:
    page.goto(f"{live_url}/resources/crisis/")
    assert page.get_by_role("heading", name="Crisis lines").is_visible()
    assert serious_axe_violations(page) == []


def test_moderator_warns_on_a_report_and_the_member_appeals(
    live_url: str, page: Any, new_page: Any, group: Any, alice: Any, bob: Any, mo: Any
) -> None:
    from alongside.safety import content
    from alongside.safety.models import Appeal, Notice

    join(alice, group, share=True)
    join(bob, group, share=True)
    posts = {1: {"text": "you are all pathetic", "visibility": "visible"}}
    content.register_source(
        content.ContentSource(
            "browser_post",
            lambda pk: (
                content.ContentRef("browser_post", pk, group, bob, posts[pk]["text"], "/")
                if pk in posts
                else None
            ),
            lambda pk, visibility, actor: posts[pk].update(visibility=visibility),
        )
    )
    try:
        actions.report_content(alice, "browser_post", 1, "Insulting everyone")
        sign_in(page, live_url, mo.email, PASSWORD)
        page.goto(f"{live_url}/safety/")
        page.get_by_role("link", name="Message by bob in Evening Depression Support").click()
        assert page.get_by_text("you are all pathetic").is_visible()
        assert serious_axe_violations(page) == []
        page.get_by_label("Hide and warn the author").check()
        page.get_by_label("Reason (shown to the member").fill("Insults break guideline 1: be kind.")
        page.get_by_role("button", name="Record decision").click()
        assert page.get_by_text("Decision recorded").is_visible()
        assert posts[1]["visibility"] == "hidden"
        assert Notice.objects.filter(user=alice, text__contains="warned its author").exists()

        member = new_page()
        sign_in(member, live_url, bob.email, PASSWORD)
        member.goto(f"{live_url}/safety/my/")
        assert member.get_by_text("Insults break guideline 1: be kind.").first.is_visible()
        assert serious_axe_violations(member) == []
        member.get_by_label("Appeal: why do you think this was wrong?").fill(
            "I was quoting a film."
        )
        member.get_by_role("button", name="Send appeal").click()
        assert member.get_by_text("Your appeal has been sent").is_visible()
        assert Appeal.objects.get(member=bob).text == "I was quoting a film."
    finally:
        content.SOURCES.pop("browser_post", None)
