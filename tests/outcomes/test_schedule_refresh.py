"""Check-ins that come due with time are opened by the periodic scheduler and by the events that
change the schedule (joining, an approved request, leaving, answering); the home page only reads."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from alongside.core import periodic
from alongside.groups import actions as group_actions
from alongside.groups.models import Membership
from alongside.outcomes import actions
from alongside.outcomes.models import CheckIn
from tests.conftest import client_for, join
from tests.meetings.conftest import IMMEDIATE
from tests.outcomes.helpers import phq9
from tests.outcomes.test_schedule import backdate_join, due

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def _tasks_run_now(settings: Any) -> None:
    """Run tasks in-process (the PostgreSQL + Redis run defaults to an RQ queue nobody works)."""
    settings.TASKS = IMMEDIATE


def test_the_home_page_only_reads(
    alice: Any, fay: Any, group: Any, django_assert_max_num_queries: Any
) -> None:
    other = group_actions.create_group(
        creator=fay,
        name="Anxiety Circle",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    join(alice, group)
    join(alice, other)
    backdate_join(alice, group, 6.5)  # a 4-weekly check-in and identification are now due
    client = client_for(alice)
    checkins = CheckIn.objects.count()
    # 8 reads before the home grew unread counts, next meetings and offers (tests/core/test_home_for_each_role.py:
    # the count does not grow with the number of groups), and one counts the header's unread notifications.
    with django_assert_max_num_queries(13) as queries:
        page = client.get("/").content.decode()
    assert "Check-ins due" in page and "PHQ-9" in page
    assert not [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    assert CheckIn.objects.count() == checkins


def test_the_periodic_refresh_opens_check_ins_that_came_due(
    transactional_db: Any, alice: Any, group: Any, settings: Any
) -> None:
    join(alice, group)
    backdate_join(alice, group, 4.5)
    assert ("phq9", "week-4") not in due(alice)
    assert "How I feel about my group" not in client_for(alice).get("/").content.decode()

    settings.PERIODIC_EVERY = 0.2
    scheduler = periodic.InProcessScheduler().start()
    try:
        deadline = time.monotonic() + 30
        while ("id4", "after-2") not in due(alice) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        scheduler.stop()

    assert {("phq9", "week-4"), ("gad7", "week-4"), ("id4", "after-2")} <= due(alice)
    assert ("phq9", "baseline") not in due(alice)
    page = client_for(alice).get("/").content.decode()
    assert "How I feel about my group: Evening Depression Support" in page


def test_cron_users_can_refresh_with_a_command(alice: Any, group: Any, capsys: Any) -> None:
    join(alice, group)
    backdate_join(alice, group, 2.5)
    call_command("refresh_outcome_schedules")
    assert ("id4", "after-2") in due(alice)
    assert "1 member" in capsys.readouterr().out


def test_an_approved_request_brings_the_baseline(alice: Any, fay: Any) -> None:
    group = group_actions.create_group(
        creator=fay,
        name="Nurses",
        purpose="p",
        focus="stress",
        audience="workplace",
        format="online",
        leadership="peer",
        visibility="invite_only",
    )
    join(alice, group)
    assert due(alice) == set()
    client_for(fay).post(reverse("groups:approve", args=[group.slug, alice.pk]))
    assert ("phq9", "baseline") in due(alice)
    assert "Check-ins due" in client_for(alice).get("/").content.decode()


def test_leaving_a_group_withdraws_its_check_ins(alice: Any, fay: Any, group: Any) -> None:
    join(alice, group)
    backdate_join(alice, group, 2.5)
    actions.refresh_all_schedules()
    assert ("id4", "after-2") in due(alice)
    group_actions.leave_group(alice, group)
    assert ("id4", "after-2") not in due(alice)
    assert "How I feel about my group" not in client_for(alice).get("/").content.decode()
    # Her own check-ins stay answerable until they lapse.
    assert ("phq9", "baseline") in due(alice)


def test_a_removed_member_is_not_asked_about_the_group(alice: Any, fay: Any, group: Any) -> None:
    join(alice, group)
    backdate_join(alice, group, 2.5)
    actions.refresh_all_schedules()
    client_for(fay).post(
        reverse("groups:remove", args=[group.slug, alice.pk]), {"reason": "Unkind remarks"}
    )
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.REMOVED
    assert not {c for c in due(alice) if c[0] == "id4"}


def test_an_answer_given_unprompted_counts_for_the_check_in_just_due(
    alice: Any, group: Any
) -> None:
    join(alice, group)
    backdate_join(alice, group, 4.5)  # the periodic refresh has not run yet
    response = actions.submit_response(alice, "phq9", phq9(6))
    assert response.occasion == "week-4"
    actions.refresh_all_schedules()
    assert not {c for c in due(alice) if c[0] == "phq9"}
