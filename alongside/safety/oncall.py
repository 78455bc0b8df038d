"""On call: how urgent each open crisis alert is (the dashboard's order, its countdown), who the
rota has alerted so far, and the summary staff see on every page. Pure logic, no database:
the callers pass alerts (anything with the CrisisAlert fields used here) and the people.

Ordering follows severity, then time left before escalation — not arrival (Crisis Text Line ranks
its queue by risk): an alert still waiting for acknowledgement comes before any acknowledged one,
high risk before concern, and among equals the one that escalates soonest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

TOP_TIER = 3
LEVEL_RANK = {"high": 0, "concern": 1}

AckMinutes = Callable[[str], int]


def is_waiting(alert: Any) -> bool:
    """Nobody has acknowledged it yet (status "open")."""
    return alert.acknowledged_at is None and alert.status == "open"


def due_at(alert: Any, ack_minutes: AckMinutes) -> datetime | None:
    """When an unacknowledged alert's time at its tier runs out (it escalates then, unless it is
    at the top tier already); None once acknowledged."""
    if not is_waiting(alert):
        return None
    since = alert.escalated_at or alert.created_at
    return since + timedelta(minutes=ack_minutes(alert.level))


def escalates(alert: Any) -> bool:
    return is_waiting(alert) and alert.tier < TOP_TIER


def time_left(alert: Any, now: datetime, ack_minutes: AckMinutes) -> timedelta | None:
    due = due_at(alert, ack_minutes)
    return None if due is None else due - now


def urgency_key(alert: Any, ack_minutes: AckMinutes) -> tuple[int, int, float]:
    due = due_at(alert, ack_minutes)
    rank = LEVEL_RANK.get(alert.level, len(LEVEL_RANK))
    if due is not None:
        return (0, rank, due.timestamp())
    return (1, rank, alert.created_at.timestamp())


def order_by_urgency(alerts: Iterable[Any], ack_minutes: AckMinutes) -> list[Any]:
    return sorted(alerts, key=lambda a: urgency_key(a, ack_minutes))


@dataclass(frozen=True)
class Waiting:
    """What the on-call banner says: alerts waiting for this person's acknowledgement."""

    count: int
    highest: str  # "high" or "concern"
    oldest_created_at: datetime
    next_due_at: datetime  # the soonest moment an alert's time at its tier runs out
    next_escalates: bool  # False: that alert is at the top tier already, only overdue
    first_alert_id: int  # the most urgent one

    def age(self, now: datetime) -> timedelta:
        return now - self.oldest_created_at

    def left(self, now: datetime) -> timedelta:
        return self.next_due_at - now


def summarize(alerts: Sequence[Any], ack_minutes: AckMinutes) -> Waiting | None:
    waiting = order_by_urgency([a for a in alerts if is_waiting(a)], ack_minutes)
    if not waiting:
        return None
    first = waiting[0]
    soonest = min(waiting, key=lambda a: due_at(a, ack_minutes) or a.created_at)
    due = due_at(soonest, ack_minutes)
    assert due is not None  # every waiting alert has one
    return Waiting(
        count=len(waiting),
        highest=first.level,
        oldest_created_at=min(a.created_at for a in waiting),
        next_due_at=due,
        next_escalates=escalates(soonest),
        first_alert_id=first.pk,
    )


@dataclass(frozen=True)
class Rota:
    """Who could be alerted, as sets of user ids: the alert's group's facilitators (per group),
    the on-call moderators, all moderators, admins. Active accounts only, except facilitators
    (as actions.tier_recipients)."""

    facilitators: dict[int, set[int]]
    on_call: set[int]
    moderators: set[int]
    admins: set[int]


def recipients_at(tier: int, group_id: int | None, member_id: int, rota: Rota) -> set[int]:
    """actions.tier_recipients as sets: an empty tier falls through to the next; the member
    themselves is never alerted about their own crisis."""
    people: set[int] = set()
    while tier <= TOP_TIER and not people:
        if tier == 1:
            people = set(rota.facilitators.get(group_id, set())) if group_id else set()
            people |= rota.on_call
        elif tier == 2:
            people = set(rota.moderators)
        else:
            people = rota.moderators | rota.admins
        tier += 1
    return people - {member_id}


def alerted(alert: Any, rota: Rota) -> set[int]:
    """Everyone the rota has alerted by the alert's current tier (tier 1, then 2, … so far):
    facilitators who were alerted first keep seeing it after it escalates."""
    people: set[int] = set()
    for tier in range(1, min(alert.tier, TOP_TIER) + 1):
        people |= recipients_at(tier, alert.group_id, alert.member_id, rota)
    return people


def clock(delta: timedelta) -> str:
    """m:ss (h:mm:ss past an hour), for countdowns; no sign."""
    seconds = int(abs(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
