"""A member answers check-ins and sees their progress charted; a facilitator sees the group's
effectiveness charts. Charts are visible SVG, and axe finds no serious violation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.groups.models import Group
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join
from tests.outcomes.helpers import answer_at, gad7, phq9
from tests.outcomes.test_effectiveness import members_with_outcomes

pytestmark = pytest.mark.browser


def test_a_member_answers_a_check_in_and_sees_their_chart(
    live_url: str, page: Any, alice: Any, group: Group
) -> None:
    join(alice, group)
    now = timezone.now()
    answer_at(alice, "phq9", phq9(15), now - timedelta(weeks=8))
    answer_at(alice, "gad7", gad7(11), now - timedelta(weeks=8))
    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/outcomes/progress/")
    assert page.get_by_role("heading", name="Check-ins due").is_visible()
    page.get_by_role("link", name="PHQ-9").first.click()
    questions = page.locator("fieldset")
    for i in range(9):
        questions.nth(i).get_by_label("Several days" if i < 8 else "Not at all").check()
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="Save my answers").click()
    assert page.get_by_text("Your PHQ-9 score").is_visible()
    assert page.locator(".crisis-help").count() == 0

    page.get_by_role("link", name="See my progress").click()
    chart = page.locator("svg.chart").first
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    assert chart.get_attribute("aria-label") == "PHQ-9 over time: 2 check-ins, latest 8"
    assert page.get_by_role("cell", name="15").first.is_visible()
    assert serious_axe_violations(page) == []


def test_item_9_brings_crisis_help_in_the_browser(live_url: str, page: Any, alice: Any) -> None:
    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/outcomes/check-in/phq9/")
    questions = page.locator("fieldset")
    for i in range(9):
        questions.nth(i).get_by_label("Several days" if i == 8 else "Not at all").check()
    page.get_by_role("button", name="Save my answers").click()
    help_panel = page.get_by_role(
        "region", name="Thank you for telling us. You don't have to face this alone."
    )
    assert help_panel.is_visible()
    assert help_panel.get_by_role("link", name="crisis lines in your country").is_visible()
    assert serious_axe_violations(page) == []


def test_a_facilitator_sees_effectiveness_charts(
    live_url: str, page: Any, fay: Any, group: Group
) -> None:
    members_with_outcomes(group, 10, recovered=5)
    sign_in(page, live_url, fay.email, PASSWORD)
    page.goto(f"{live_url}/groups/{group.slug}/")
    page.get_by_role("link", name="Group effectiveness").click()
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    assert charts.nth(0).is_visible() and charts.nth(1).is_visible()
    assert page.get_by_text("50% of 10").first.is_visible()
    assert serious_axe_violations(page) == []
