"""A facilitator schedules a meeting and runs it live with a round; a member, in another browser,
sees the current step and whose turn it is, and passes the talking piece."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.meetings.models import Attendance, Meeting
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _tasks_in_process(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_facilitator_runs_a_meeting_with_a_round(
    live_url: str, page: Any, new_page: Any, group: Any, fay: Any
) -> None:
    ana, ben = make_user("ana"), make_user("ben")
    join(ana, group, share=True)
    join(ben, group, share=True)

    # The facilitator schedules a one-off meeting starting in five minutes (UTC).
    starts = (timezone.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)
    sign_in(page, live_url, fay.email, PASSWORD)
    page.goto(f"{live_url}/groups/{group.slug}/")
    page.get_by_role("link", name="Meetings", exact=True).click()
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="Schedule a meeting").click()
    assert serious_axe_violations(page) == []
    page.get_by_label("Title").fill("Thursday circle")
    page.get_by_label("Date of the first meeting").fill(starts.strftime("%Y-%m-%d"))
    page.get_by_label("Start time").fill(starts.strftime("%H:%M"))
    page.get_by_label("Time zone of that time").select_option("UTC")
    page.get_by_label("Length in minutes").fill("60")
    page.get_by_label("Repeats").select_option("once")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Thursday circle")).to_be_visible()
    meeting = Meeting.objects.get(series__title="Thursday circle")
    assert meeting.starts_at == starts
    assert serious_axe_violations(page) == []

    # A member says she's coming and checks in; the facilitator checks in the other member.
    member = new_page()
    sign_in(member, live_url, ana.email, PASSWORD)
    member.goto(f"{live_url}/meetings/calendar/")
    assert serious_axe_violations(member) == []
    member.goto(f"{live_url}/meetings/mine/")
    assert serious_axe_violations(member) == []
    member.get_by_role("link", name="Thursday circle").click()
    member.get_by_role("button", name="I'll be there").click()
    expect(member.get_by_text("You're going.", exact=True)).to_be_visible()
    member.get_by_role("button", name="Check in").click()
    expect(member.get_by_text("You're checked in.", exact=True)).to_be_visible()
    page.reload()
    page.get_by_role("button", name="Check in ben").click()
    assert Attendance.objects.filter(meeting=meeting).count() == 2

    member.get_by_role("link", name="Go to the meeting").click()
    expect(member.get_by_test_id("current-step")).to_have_text("Waiting to begin")

    # The facilitator runs it: begin, next step, a share timer and a round.
    page.goto(f"{live_url}/meetings/{meeting.pk}/live/")
    # Screen readers hear each change through a polite live region outside the refreshed panel.
    announcer = page.get_by_test_id("live-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    page.get_by_role("button", name="Begin").click()
    expect(page.get_by_test_id("current-step")).to_have_text("Welcome and guidelines")
    expect(announcer).to_have_text("Now: Welcome and guidelines, step 1 of 5.")
    page.get_by_role("button", name="Next step").click()
    expect(page.get_by_test_id("current-step")).to_have_text("Check-in round")
    expect(announcer).to_have_text("Now: Check-in round, step 2 of 5.")
    page.get_by_label("Share time").select_option("120")
    page.get_by_role("button", name="Start timer").click()
    expect(page.get_by_test_id("timer")).to_be_visible()
    page.get_by_role("button", name="Start a round").click()
    expect(page.get_by_test_id("speaker")).to_have_text("ana")
    expect(announcer).to_have_text("Talking piece: ana.")
    assert serious_axe_violations(page) == []

    # The member's panel follows on its own (htmx polling): the step, the timer, her turn.
    expect(member.get_by_test_id("current-step")).to_have_text("Check-in round")
    expect(member.get_by_test_id("speaker")).to_have_text("ana")
    expect(member.locator("#live-panel").get_by_text("it's your turn")).to_be_visible()
    expect(member.get_by_test_id("timer")).to_have_text(re.compile(r"^1[01]\d$|^120$|^\d{1,2}$"))
    member_announcer = member.get_by_test_id("live-announcer")
    expect(member_announcer).to_contain_text("It's your turn.")
    # The timer ticks on through two more refreshes; nothing new is announced.
    said, seconds = member_announcer.text_content(), member.get_by_test_id("timer").text_content()
    member.wait_for_timeout(4500)
    assert member.get_by_test_id("timer").text_content() != seconds
    assert member_announcer.text_content() == said
    assert serious_axe_violations(member) == []
    member.get_by_role("button", name="Pass").click()
    expect(member.get_by_test_id("speaker")).to_have_text("ben")
    expect(member_announcer).to_have_text("Talking piece: ben.")
    expect(member.get_by_text("ana (passed)")).to_be_visible()

    # The facilitator sees the talking piece move, and closes the round.
    expect(page.get_by_test_id("speaker")).to_have_text("ben")
    page.get_by_role("button", name="Next person").click()
    expect(page.locator("#live-panel").get_by_text("The round is finished.")).to_be_visible()
    expect(member.locator("#live-panel").get_by_text("The round is finished.")).to_be_visible()
    expect(member_announcer).to_have_text("The round is finished.")
