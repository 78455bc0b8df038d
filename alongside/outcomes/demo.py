"""Demo outcomes, made with the cohort simulator so every dashboard has content.

- The demo member (quietfern) gets four months of check-ins that improve, identification
  answers for their group, research consent and one check-in due now.
- The other demo members get a baseline and a follow-up from the simulator.
- Demo groups are small, so a demo-only cohort of past members (handles "past-…", all
  fictional, joined and later left) is added, so that group and organisation cells reach 5
  people and the research report has a sample. Synthetic answers never touch PHQ-9 item 9.
Called once from alongside/demo.py after the groups are made.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from alongside.accounts.models import User
from alongside.groups import actions as group_actions
from alongside.groups.models import Group, Membership
from alongside.outcomes import actions, scoring
from alongside.outcomes.instruments import INSTRUMENTS
from alongside.outcomes.models import CheckIn, MeetingAttendance, Response
from alongside.outcomes.simulate import SimPerson, generate, split_total

DEMO_EFFECT = 0.2
PAST_MEMBERS = 64
COHORT_GROUPS = (
    "Tuesday Evening Depression Support",
    "Anxiety Circle",
    "Bipolar Peer Connection",
    "Workplace Stress & Burnout",
)


def _response(
    user: Any,
    key: str,
    items: list[int],
    at: datetime,
    group: Group | None = None,
    occasion: str = "",
) -> Response:
    instrument = INSTRUMENTS[key]
    answers = {item.key: v for item, v in zip(instrument.scored_items, items, strict=True)}
    total = scoring.score(instrument, answers)
    r = Response(
        user=user,
        instrument=key,
        group=group,
        occasion=occasion,
        score=total,
        band=scoring.band(key, total),
        created_at=at,
    )
    r.answers = answers
    return r


def _personal(
    user: Any, at: datetime, phq: int, gad: int | None, ucla: int, rng: random.Random
) -> list[Response]:
    out = [_response(user, "phq9", split_total(phq, 9, 0, 3, rng, fixed={8: 0}), at)]
    if gad is not None:
        out.append(
            _response(user, "gad7", split_total(gad, 7, 0, 3, rng), at + timedelta(minutes=3))
        )
    out.append(_response(user, "ucla3", split_total(ucla, 3, 1, 3, rng), at + timedelta(minutes=5)))
    return out


def _feedback(user: Any, group: Group, at: datetime, rng: random.Random, n: int) -> list[Response]:
    return [
        _response(
            user,
            "feedback",
            [min(5, max(1, round(rng.gauss(4, 0.8)))) for _ in range(4)],
            at + timedelta(weeks=w + 1),
            group,
            f"meeting-{w + 1}",
        )
        for w in range(n)
    ]


def _history(
    user: Any, group: Group, joined: datetime, sim: SimPerson, rng: random.Random
) -> list[Response]:
    p = sim.participant
    assert p.baseline.phq9 is not None and p.follow_up.phq9 is not None
    ucla0 = rng.randint(6, 9)
    out = _personal(user, joined + timedelta(hours=2), p.baseline.phq9, p.baseline.gad7, ucla0, rng)
    out.append(
        _response(
            user, "id4", list(sim.id_items), joined + timedelta(weeks=2, hours=1), group, "after-2"
        )
    )
    mid = (p.baseline.phq9 + p.follow_up.phq9) // 2
    mid_gad = (
        None
        if p.baseline.gad7 is None or p.follow_up.gad7 is None
        else (p.baseline.gad7 + p.follow_up.gad7) // 2
    )
    out += _personal(
        user, joined + timedelta(weeks=4, hours=3), mid, mid_gad, max(3, ucla0 - 1), rng
    )
    later_id = [min(7, max(1, i + rng.choice([0, 0, 1]))) for i in sim.id_items]
    out.append(
        _response(user, "id4", later_id, joined + timedelta(weeks=6, hours=1), group, "after-6")
    )
    out += _personal(
        user,
        joined + timedelta(weeks=8, hours=3),
        p.follow_up.phq9,
        p.follow_up.gad7,
        max(3, ucla0 - rng.randint(0, 3)),
        rng,
    )
    out += _feedback(user, group, joined, rng, rng.randint(1, 4))
    return out


def _backdate(user: Any, group: Group, joined: datetime, left: datetime | None = None) -> None:
    fields: dict[str, Any] = {"joined_at": joined}
    if left is not None:
        fields["updated_at"] = left
    Membership.objects.filter(user=user, group=group).update(**fields)


def _join(user: Any, group: Group) -> None:
    version = group.current_guidelines()
    assert version is not None
    group_actions.join_group(
        user,
        group,
        guidelines_version_id=version.pk,
        guidelines=True,
        confidentiality=True,
        crisis_policy=True,
    )


def load_demo_data() -> None:
    rng = random.Random(2014)
    now = timezone.now()
    groups = {g.name: g for g in Group.objects.all()}
    domain = User.objects.get(handle="admin-sam").email.split("@", 1)[1]
    responses: list[Response] = []

    # The demo member: a steady improvement over four months.
    fern = User.objects.get(handle="quietfern")
    tuesday = groups["Tuesday Evening Depression Support"]
    start = now - timedelta(weeks=16, days=1)
    _backdate(fern, tuesday, start)
    _backdate(fern, groups["Carers' Cuppa"], now - timedelta(weeks=9))
    _backdate(fern, groups["Anxiety Circle"], now - timedelta(weeks=3))
    for w, (phq, gad, ucla) in enumerate([(16, 12, 8), (14, 11, 8), (11, 9, 7), (9, 8, 6)]):
        responses += _personal(fern, start + timedelta(weeks=4 * w, hours=2), phq, gad, ucla, rng)
    responses.append(
        _response(fern, "id4", [4, 5, 4, 4], start + timedelta(weeks=2), tuesday, "after-2")
    )
    responses.append(
        _response(fern, "id4", [6, 6, 5, 5], start + timedelta(weeks=6), tuesday, "after-6")
    )
    responses += _feedback(fern, tuesday, start, rng, 3)
    actions.set_research_consent(fern, True)

    # Everyone else in the demo groups, and the demo-only cohort of past members.
    cohort = generate(PAST_MEMBERS + 40, DEMO_EFFECT, seed=7)
    members = list(
        Membership.objects.filter(
            group__name__in=COHORT_GROUPS, role__in=["listener", "participant"], status="active"
        )
        .exclude(user=fern)
        .select_related("user", "group")
    )
    for i, m in enumerate(members):
        joined = now - timedelta(weeks=9 + i % 6, days=i % 5)
        _backdate(m.user, m.group, joined)
        responses += _history(m.user, m.group, joined, cohort[i], rng)
        MeetingAttendance.objects.update_or_create(
            user=m.user, group=m.group, defaults={"meetings_attended": 3 + i % 6}
        )
        actions.set_research_consent(m.user, True)
    for j in range(PAST_MEMBERS):
        user = User.objects.create_user(
            f"past{j:02d}@{domain}", None, handle=f"past-{j:02d}", country="GB"
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        group = groups[COHORT_GROUPS[j % len(COHORT_GROUPS)]]
        joined = now - timedelta(weeks=14 + j % 20, days=j % 7)
        _join(user, group)
        group_actions.leave_group(user, group)
        _backdate(user, group, joined, left=joined + timedelta(weeks=9))
        responses += _history(user, group, joined, cohort[len(members) + j], rng)
        MeetingAttendance.objects.create(user=user, group=group, meetings_attended=2 + j % 8)
        actions.set_research_consent(user, True)
    Response.objects.bulk_create(responses)

    # Fresh schedules from the backdated joins: one check-in due now for the demo member.
    CheckIn.objects.all().delete()
    for user in User.objects.filter(memberships__status="active").distinct():
        actions.refresh_schedule(user, now)
