"""On call: staff with an alert waiting for them see it on every page; the dashboard puts the most
urgent first (severity, then time left before escalation) with plain-language reasons."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.safety import actions, oncall, queries
from alongside.safety.models import CrisisAlert
from tests.conftest import client_for, join, make_user


def minutes(level: str) -> int:
    return {"high": 5, "concern": 30}[level]


def fake(
    pk: int,
    level: str,
    created_min_ago: float,
    *,
    acknowledged: bool = False,
    tier: int = 1,
    escalated_min_ago: float | None = None,
) -> Any:
    now = datetime(2025, 3, 1, 12, 0)
    return SimpleNamespace(
        pk=pk,
        level=level,
        status="acknowledged" if acknowledged else "open",
        tier=tier,
        created_at=now - timedelta(minutes=created_min_ago),
        escalated_at=None
        if escalated_min_ago is None
        else now - timedelta(minutes=escalated_min_ago),
        acknowledged_at=now if acknowledged else None,
    )


# -- ordering and the countdown (pure) ----------------------------------------------------------


def test_high_risk_comes_first_then_the_least_time_left_not_the_order_of_arrival() -> None:
    concern_old = fake(1, "concern", 29)  # 1 minute left, but only a concern
    high_new = fake(2, "high", 1)  # 4 minutes left
    high_older = fake(3, "high", 3)  # 2 minutes left
    acknowledged_high = fake(4, "high", 10, acknowledged=True)
    ordered = oncall.order_by_urgency(
        [acknowledged_high, concern_old, high_new, high_older], minutes
    )
    assert [a.pk for a in ordered] == [3, 2, 1, 4]


def test_time_left_restarts_when_an_alert_moves_up_a_tier() -> None:
    now = datetime(2025, 3, 1, 12, 0)
    escalated = fake(1, "high", 7, tier=2, escalated_min_ago=2)
    assert oncall.time_left(escalated, now, minutes) == timedelta(minutes=3)
    assert oncall.escalates(escalated)
    top = fake(2, "high", 20, tier=3, escalated_min_ago=8)
    assert oncall.time_left(top, now, minutes) == timedelta(
        minutes=-3
    )  # overdue, nowhere higher to go
    assert not oncall.escalates(top)
    assert oncall.time_left(fake(3, "high", 1, acknowledged=True), now, minutes) is None


def test_the_banner_summary_counts_only_waiting_alerts() -> None:
    waiting = oncall.summarize(
        [fake(1, "concern", 20), fake(2, "high", 2), fake(3, "high", 9, acknowledged=True)], minutes
    )
    assert waiting is not None
    assert (waiting.count, waiting.highest, waiting.first_alert_id) == (2, "high", 2)
    assert waiting.oldest_created_at == datetime(2025, 3, 1, 11, 40)
    assert waiting.next_due_at == datetime(2025, 3, 1, 12, 3)  # the high one's 5 minutes
    assert oncall.summarize([fake(1, "high", 1, acknowledged=True)], minutes) is None


def test_countdowns_read_as_minutes_and_seconds() -> None:
    assert oncall.clock(timedelta(seconds=272)) == "4:32"
    assert oncall.clock(timedelta(seconds=-65)) == "1:05"
    assert oncall.clock(timedelta(hours=1, seconds=5)) == "1:00:05"


# -- who the rota has alerted -------------------------------------------------------------------


@pytest.mark.parametrize("tier", [1, 2, 3])
@pytest.mark.parametrize("on_call_exists", [True, False])
@pytest.mark.parametrize("with_group", [True, False])
def test_the_banner_audience_matches_the_rota_that_sends_the_emails(
    group: Any, alice: Any, fay: Any, ada: Any, tier: int, on_call_exists: bool, with_group: bool
) -> None:
    make_user("otis", is_moderator=True, is_on_call=on_call_exists)
    make_user("nora", is_moderator=True)
    alert = actions.raise_crisis_alert(alice, level="high", group=group if with_group else None)
    CrisisAlert.objects.filter(pk=alert.pk).update(tier=tier)
    alert.refresh_from_db()
    expected: set[int] = set()
    for t in range(1, tier + 1):
        expected |= {p.pk for p in actions.tier_recipients(alert, t)}
    assert oncall.alerted(alert, queries.rota_for([alert.group_id])) == expected


# -- the banner on every page -------------------------------------------------------------------


def test_an_on_call_moderator_sees_a_waiting_alert_on_any_page(
    group: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    actions.raise_crisis_alert(
        alice, level="high", group=group, reasons=["crisis rule: crisis_high"]
    )
    for path in ("/", reverse("groups:directory"), reverse("journal:index")):
        page = client_for(mo).get(path).content.decode()
        assert "1 crisis alert is waiting for you" in page
        assert "highest level: High risk" in page
        assert "escalates in 4:5" in page or "escalates in 5:00" in page


def test_the_banner_is_gone_once_someone_acknowledges(
    group: Any, alice: Any, mo: Any, fay: Any
) -> None:
    join(alice, group, share=True)
    alert = actions.raise_crisis_alert(alice, level="concern", group=group)
    assert "crisis alert is waiting" in client_for(fay).get("/").content.decode()
    actions.acknowledge_alert(mo, alert)
    assert "crisis alert is waiting" not in client_for(fay).get("/").content.decode()
    assert "crisis alert is waiting" not in client_for(mo).get("/").content.decode()


def test_members_and_other_groups_facilitators_see_no_banner(
    group: Any, alice: Any, bob: Any
) -> None:
    from alongside.groups import actions as group_actions

    join(alice, group, share=True)
    join(bob, group, share=True)
    other = make_user("otto")
    group_actions.create_group(
        creator=other,
        name="Anxiety Circle",
        purpose="For anxiety.",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    actions.raise_crisis_alert(alice, level="high", group=group)
    for person in (alice, bob, other):
        assert "crisis alert is waiting" not in client_for(person).get("/").content.decode()


def test_a_moderator_off_rota_sees_the_alert_once_it_escalates_to_them(
    group: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    nora = make_user("nora", is_moderator=True)  # not on call
    alert = actions.raise_crisis_alert(alice, level="high", group=group)
    assert "crisis alert is waiting" not in client_for(nora).get("/").content.decode()
    actions.escalate_crisis_alerts(now=alert.created_at + timedelta(minutes=6))
    page = client_for(nora).get("/").content.decode()
    assert "1 crisis alert is waiting for you" in page


# -- the dashboard ------------------------------------------------------------------------------


def test_the_dashboard_lists_the_most_urgent_first_with_plain_reasons(
    group: Any, alice: Any, bob: Any, mo: Any
) -> None:
    carl = make_user("carl")
    for person in (alice, bob, carl):
        join(person, group, share=True)
    now = timezone.now()
    actions.raise_crisis_alert(
        carl,
        level="concern",
        group=group,
        reasons=["crisis classifier"],
        now=now - timedelta(minutes=29),
    )
    actions.raise_crisis_alert(
        alice,
        level="high",
        group=group,
        reasons=["crisis rule: plan_means_time"],
        now=now - timedelta(minutes=1),
    )
    actions.raise_crisis_alert(
        bob,
        level="high",
        group=group,
        reasons=["crisis rule: crisis_high"],
        now=now - timedelta(minutes=3),
    )
    page = client_for(mo).get(reverse("safety:dashboard")).content.decode()
    order = [page.index(f"{h} may be in crisis") for h in ("bob", "alice", "carl")]
    assert order == sorted(order)
    assert "mentions a plan, a means and a time" in page
    assert "says they mean to end their life, or are about to" in page
    assert "crisis rule:" not in page and "crisis_high" not in page
    assert 'data-deadline="' in page and 'role="timer"' in page
    assert 'hx-trigger="alongside-alerts from:body' in page  # reloads when the live channel says so


def test_facilitators_get_the_safety_link_and_members_do_not(
    group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    safety = f'href="{reverse("safety:dashboard")}"'
    assert safety in client_for(fay).get("/").content.decode()
    assert safety not in client_for(alice).get("/").content.decode()


def test_every_signed_in_page_opens_the_live_channel(alice: Any, client: Any) -> None:
    assert "alongside/live.js" in client_for(alice).get("/").content.decode()
    assert "alongside/live.js" not in client.get("/").content.decode()


def test_the_alert_page_says_why_in_plain_words_and_offers_a_private_message(
    group: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    alert = actions.raise_crisis_alert(
        alice, level="high", group=group, reasons=["crisis rule: crisis_high", "method detail"]
    )
    page = client_for(mo).get(reverse("safety:alert", args=[alert.pk])).content.decode()
    assert (
        "says they mean to end their life, or are about to; describes a way of harming themselves"
        in page
    )
    assert "Message alice privately in Alongside" in page


def test_escalation_still_emails_the_next_tier(
    group: Any, alice: Any, mo: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_user("nora", is_moderator=True)
    join(alice, group, share=True)
    alert = actions.raise_crisis_alert(alice, level="high", group=group)
    with django_capture_on_commit_callbacks(execute=True):
        actions.escalate_crisis_alerts(now=alert.created_at + timedelta(minutes=6))
    assert {m.to[0] for m in mailoutbox} == {"nora@example.org", "mo@example.org"}
    assert all("ESCALATED" in m.subject for m in mailoutbox)
