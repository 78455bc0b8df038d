"""Reads of the outcomes app: what is due, my series, group and organisation aggregates, the
research sample. Aggregates never return an individual's answers, only suppressed cells."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from alongside.groups.models import Group, Membership
from alongside.groups.queries import matched_groups
from alongside.outcomes import instruments
from alongside.outcomes.models import (
    CheckIn,
    MeetingAttendance,
    OtherGroupsOffer,
    OutcomePreference,
    ResearchConsent,
    Response,
)
from alongside.outcomes.report import Participant
from alongside.outcomes.scoring import Scores, classify_change
from alongside.outcomes.stats import Cell, count_cell, mean_cell, share_cell

MEMBER_ROLES = [Membership.Role.LISTENER, Membership.Role.PARTICIPANT]
# A PHQ-9 and a GAD-7 answered within this long of each other count as one time point.
PAIRING_WINDOW = timedelta(days=3)
# Baseline for a group: the latest check-in from 4 weeks before joining to 2 weeks after.
BASELINE_BEFORE = timedelta(weeks=4)
BASELINE_AFTER = timedelta(weeks=2)
# A follow-up is at least this long after the baseline.
FOLLOW_UP_AFTER = timedelta(weeks=4)


def due_checkins(user: Any, now: datetime | None = None) -> list[CheckIn]:
    now = now or timezone.now()
    return list(
        CheckIn.objects.filter(user=user, status=CheckIn.Status.OPEN, due_at__lte=now)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
        .select_related("group")
        .order_by("due_at", "pk")
    )


def my_responses(user: Any) -> QuerySet[Response]:
    return Response.objects.filter(user=user).select_related("group").order_by("created_at", "pk")


def email_reminders_on(user: Any) -> bool:
    pref = OutcomePreference.objects.filter(user=user).first()
    return pref.email_reminders if pref else True


def has_research_consent(user: Any) -> bool:
    latest = ResearchConsent.objects.filter(user=user).order_by("-created_at", "-pk").first()
    return bool(latest and latest.consented)


def consenting_user_ids() -> set[int]:
    latest: dict[int, bool] = {}
    for user_id, consented in ResearchConsent.objects.order_by("created_at", "pk").values_list(
        "user_id", "consented"
    ):
        latest[user_id] = consented
    return {u for u, c in latest.items() if c}


def join_dates(user: Any) -> list[tuple[datetime, str]]:
    return [
        (m.joined_at, m.group.name)
        for m in Membership.objects.filter(user=user, role__in=MEMBER_ROLES)
        .exclude(status__in=[Membership.Status.PENDING, Membership.Status.DECLINED])
        .select_related("group")
        .order_by("joined_at")
    ]


# --- Time points ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimePoint:
    at: datetime
    scores: Scores


def time_points(
    phq9: Iterable[tuple[datetime, float]], gad7: Iterable[tuple[datetime, float]]
) -> list[TimePoint]:
    """Pair each PHQ-9 with a GAD-7 answered within PAIRING_WINDOW (else the GAD-7 stands alone)."""
    gads = sorted(gad7)
    used: set[int] = set()
    points = []
    for at, total in sorted(phq9):
        match = None
        for i, (g_at, g_total) in enumerate(gads):
            if i not in used and abs(g_at - at) <= PAIRING_WINDOW:
                match = (i, g_total)
                break
        if match is not None:
            used.add(match[0])
        points.append(TimePoint(at, Scores(int(total), int(match[1]) if match else None)))
    points += [
        TimePoint(at, Scores(None, int(t))) for i, (at, t) in enumerate(gads) if i not in used
    ]
    return sorted(points, key=lambda p: p.at)


def first_and_last(
    points: list[TimePoint], joined_at: datetime, left_at: datetime | None
) -> tuple[TimePoint, TimePoint] | None:
    """A member's baseline for a group and their latest follow-up while in it."""
    start = [p for p in points if joined_at - BASELINE_BEFORE <= p.at <= joined_at + BASELINE_AFTER]
    if not start:
        return None
    first = start[-1]
    end_limit = (left_at + BASELINE_AFTER) if left_at else None
    later = [
        p
        for p in points
        if p.at >= first.at + FOLLOW_UP_AFTER and (end_limit is None or p.at <= end_limit)
    ]
    if not later:
        return None
    return first, later[-1]


def _points_by_user(user_ids: Iterable[int]) -> dict[int, list[TimePoint]]:
    phq: dict[int, list[tuple[datetime, float]]] = defaultdict(list)
    gad: dict[int, list[tuple[datetime, float]]] = defaultdict(list)
    rows = Response.objects.filter(
        user_id__in=list(user_ids), instrument__in=["phq9", "gad7"]
    ).values_list("user_id", "instrument", "created_at", "score")
    for user_id, instrument, at, score in rows:
        (phq if instrument == "phq9" else gad)[user_id].append((at, score))
    return {u: time_points(phq.get(u, []), gad.get(u, [])) for u in set(phq) | set(gad)}


# --- Group effectiveness -------------------------------------------------------------------


@dataclass
class Effectiveness:
    """Aggregates for one group (or all groups). Every figure is a suppressed Cell."""

    name: str
    joined: Cell
    still_members: Cell
    attendance_mean: Cell
    attendance_people: int
    identification: list[tuple[str, Cell]]
    phq9_first: Cell
    phq9_last: Cell
    gad7_first: Cell
    gad7_last: Cell
    reliable_improvement: Cell
    reliable_deterioration: Cell
    recovery: Cell
    reliable_recovery: Cell
    feedback: Cell
    feedback_items: list[tuple[str, Cell]] = field(default_factory=list)


def _memberships(groups: list[Group]) -> list[Membership]:
    return list(
        Membership.objects.filter(group__in=groups, role__in=MEMBER_ROLES)
        .exclude(status__in=[Membership.Status.PENDING, Membership.Status.DECLINED])
        .select_related("group")
    )


def effectiveness(groups: list[Group], name: str) -> Effectiveness:
    """Aggregates across these groups, counting people (a member of two groups counts per group
    for retention and change, once for identification and feedback means per occasion)."""
    memberships = _memberships(groups)
    people = {m.user_id for m in memberships}
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]

    attendance = list(
        MeetingAttendance.objects.filter(
            group__in=groups, user_id__in=people, meetings_attended__gt=0
        ).values_list("meetings_attended", flat=True)
    )

    # Identification: each person's latest answer at each occasion, means per occasion.
    ident: dict[str, dict[int, float]] = defaultdict(dict)
    for user_id, occasion, score in (
        Response.objects.filter(group__in=groups, instrument="id4", user_id__in=people)
        .order_by("created_at", "pk")
        .values_list("user_id", "occasion", "score")
    ):
        ident[occasion or "other"][user_id] = score
    occasions = sorted(
        ident, key=lambda o: (o == "other", int(o.split("-")[1]) if o.startswith("after-") else 0)
    )
    identification = [(o, mean_cell(list(ident[o].values()))) for o in occasions]

    points = _points_by_user(people)
    pairs = []
    for m in memberships:
        left_at = None if m.status == Membership.Status.ACTIVE else m.updated_at
        fl = first_and_last(points.get(m.user_id, []), m.joined_at, left_at)
        if fl is not None:
            pairs.append(fl)
    changes = []
    for first, last in pairs:
        try:
            changes.append(classify_change(first.scores, last.scores))
        except ValueError:
            continue
    phq_pairs = [
        (f.scores.phq9, la.scores.phq9)
        for f, la in pairs
        if f.scores.phq9 is not None and la.scores.phq9 is not None
    ]
    gad_pairs = [
        (f.scores.gad7, la.scores.gad7)
        for f, la in pairs
        if f.scores.gad7 is not None and la.scores.gad7 is not None
    ]
    cases = [c for c in changes if c.case_at_first]

    feedback_rows = list(
        Response.objects.filter(group__in=groups, instrument="feedback", user_id__in=people)
    )
    per_person: dict[int, list[float]] = defaultdict(list)
    per_item: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in feedback_rows:
        per_person[r.user_id].append(r.score)
        for key, value in r.answers.items():
            per_item[key][r.user_id].append(value)
    person_means = [sum(v) / len(v) for v in per_person.values()]
    feedback_items = []
    for item in instruments.get(
        "feedback", get_language()
    ).items:  # the statements in the reader's language
        values = [sum(v) / len(v) for v in per_item.get(item.key, {}).values()]
        feedback_items.append((item.text, mean_cell(values)))

    return Effectiveness(
        name=name,
        joined=count_cell(len(memberships)),
        still_members=share_cell(len(active), len(memberships)),
        attendance_mean=mean_cell([float(a) for a in attendance]),
        attendance_people=len(attendance),
        identification=identification,
        phq9_first=mean_cell([float(a) for a, _ in phq_pairs]),
        phq9_last=mean_cell([float(b) for _, b in phq_pairs]),
        gad7_first=mean_cell([float(a) for a, _ in gad_pairs]),
        gad7_last=mean_cell([float(b) for _, b in gad_pairs]),
        reliable_improvement=share_cell(sum(c.reliable_improvement for c in changes), len(changes)),
        reliable_deterioration=share_cell(
            sum(c.reliable_deterioration for c in changes), len(changes)
        ),
        recovery=share_cell(sum(bool(c.recovery) for c in cases), len(cases)),
        reliable_recovery=share_cell(sum(bool(c.reliable_recovery) for c in cases), len(cases)),
        feedback=mean_cell(person_means),
        feedback_items=feedback_items,
    )


# --- Research sample -----------------------------------------------------------------------


def identification_of(user_id: int) -> float | None:
    """A person's identification: their first 4-item score (else first single item) for their
    first group, the one their baseline belongs to."""
    first_group = (
        Membership.objects.filter(user_id=user_id, role__in=MEMBER_ROLES)
        .exclude(status__in=[Membership.Status.PENDING, Membership.Status.DECLINED])
        .order_by("joined_at")
        .values_list("group_id", flat=True)
        .first()
    )
    for key in ("id4", "id1"):
        qs = Response.objects.filter(user_id=user_id, instrument=key)
        if first_group is not None and qs.filter(group_id=first_group).exists():
            qs = qs.filter(group_id=first_group)
        score = qs.order_by("created_at", "pk").values_list("score", flat=True).first()
        if score is not None:
            return float(score)
    return None


def research_participants() -> list[Participant]:
    """Consenting people with a baseline, a follow-up ≥ 4 weeks later and an identification."""
    return [p for _pid, p in research_rows()]


def research_rows() -> list[tuple[str, Participant]]:
    """As research_participants, each with a random id made fresh for this read (so two exports
    cannot be linked to each other, or to anyone)."""
    ids = consenting_user_ids()
    points = _points_by_user(ids)
    rows = []
    for user_id in ids:
        pts = [p for p in points.get(user_id, []) if p.scores.phq9 is not None]
        if len(pts) < 2:
            continue
        first = pts[0]
        later = [p for p in pts if p.at >= first.at + FOLLOW_UP_AFTER]
        ident = identification_of(user_id)
        if not later or ident is None:
            continue
        rows.append((secrets.token_hex(6), Participant(ident, first.scores, later[-1].scores)))
    rows.sort()
    return rows


# --- Identification used: other groups, offered privately -----------------------------------

OFFERS_WINDOW = timedelta(days=180)


def other_groups_offers(user: Any, limit: int = 3) -> list[dict[str, Any]]:
    """This member's open offers, each with up to `limit` other groups chosen for them (the
    matcher's rules and reasons; groups they already belong to left out)."""

    offers = list(
        OtherGroupsOffer.objects.filter(
            user=user,
            dismissed_at__isnull=True,
            group__memberships__user=user,
            group__memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("group")
        .order_by("-created_at")
    )
    if not offers:
        return []
    mine = list(
        Membership.objects.filter(
            user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        ).values_list("group_id", flat=True)
    )
    out = []
    for offer in offers:
        focus = offer.group.focus
        focuses = [focus] if focus != "wellbeing" else []
        suggestions = matched_groups(
            user,
            focuses=focuses,
            formats=[],
            leadership="",
            exclude=mine,
            limit=limit,
            focus_source="current",
        )
        if not suggestions and focuses:
            suggestions = matched_groups(
                user, focuses=[], formats=[], leadership="", exclude=mine, limit=limit
            )
        out.append({"offer": offer, "group": offer.group, "suggestions": suggestions})
    return out


def other_groups_offered_cell(group: Group, now: datetime | None = None) -> Cell:
    """How many members of the group were offered other groups in the last OFFERS_WINDOW, for
    its facilitators: shown only from MIN_CELL people up."""
    since = (now or timezone.now()) - OFFERS_WINDOW
    n = (
        OtherGroupsOffer.objects.filter(group=group, created_at__gte=since)
        .values("user_id")
        .distinct()
        .count()
    )
    return count_cell(n)
