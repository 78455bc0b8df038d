"""Research consent (separate from joining), the identification report and its de-identified export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.core.models import AuditEntry
from alongside.groups.models import Group, Membership
from alongside.outcomes import actions, queries
from tests.conftest import client_for, join, make_user
from tests.outcomes.helpers import answer_at, gad7, ident, phq9


def consenting_cohort(group: Group, n: int) -> list[Any]:
    start = timezone.now() - timedelta(weeks=10)
    group.capacity = 100
    group.save(update_fields=["capacity"])
    people = []
    for i in range(n):
        user = make_user(f"res{i:02d}")
        join(user, group)
        Membership.objects.filter(user=user, group=group).update(joined_at=start)
        actions.set_research_consent(user, True)
        strong = i % 2 == 0
        answer_at(user, "phq9", phq9(16), start)
        answer_at(user, "gad7", gad7(10), start)
        answer_at(user, "id4", ident(6 if strong else 3), start + timedelta(weeks=2), group=group)
        # Strong identifiers: 1 in 5 still a case; weak: 4 in 5.
        still = (i // 2) % 5 == 0 if strong else (i // 2) % 5 != 0
        answer_at(user, "phq9", phq9(13 if still else 6), start + timedelta(weeks=6))
        answer_at(user, "gad7", gad7(9 if still else 4), start + timedelta(weeks=6))
        people.append(user)
    return people


def test_consent_is_given_and_withdrawn_on_its_own_page(alice: Any) -> None:
    client = client_for(alice)
    assert (
        "You have not agreed." in client.get(reverse("outcomes:research_consent")).content.decode()
    )
    client.post(reverse("outcomes:research_consent"), {"decision": "give"})
    assert queries.has_research_consent(alice)
    client.post(reverse("outcomes:research_consent"), {"decision": "withdraw"})
    assert not queries.has_research_consent(alice)


def test_joining_a_group_does_not_give_research_consent(alice: Any, group: Group) -> None:
    join(alice, group)
    assert not queries.has_research_consent(alice)


def test_only_consenting_members_are_in_the_sample(group: Group) -> None:
    people = consenting_cohort(group, 20)
    actions.set_research_consent(people[0], False)
    assert len(queries.research_participants()) == 19


def test_the_report_shows_strong_and_weak_identifiers(group: Group, ada: Any) -> None:
    consenting_cohort(group, 20)
    page = client_for(ada).get(reverse("outcomes:research_report")).content.decode()
    assert "20 consenting members" in page
    assert "Median split" in page and "Scale midpoint" in page
    assert "20%" in page and "80%" in page  # strong vs weak still a case
    assert "Logistic regression" in page
    assert page.count('role="img"') == 1
    assert AuditEntry.objects.filter(action="outcomes.research_report_viewed", actor=ada).exists()


def test_the_export_is_de_identified(group: Group, ada: Any) -> None:
    people = consenting_cohort(group, 10)
    response = client_for(ada).get(reverse("outcomes:research_export"))
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 10
    for person in people:
        assert person.handle not in text and person.email not in text
    assert list(rows[0]) == [
        "id",
        "identification",
        "baseline_phq9",
        "baseline_gad7",
        "baseline_case",
        "followup_phq9",
        "followup_gad7",
        "followup_case",
    ]
    assert {r["id"] for r in rows}.isdisjoint({str(p.pk) for p in people})
    assert len({r["id"] for r in rows}) == 10
    again = list(
        csv.DictReader(
            io.StringIO(client_for(ada).get(reverse("outcomes:research_export")).content.decode())
        )
    )
    assert {r["id"] for r in rows}.isdisjoint({r["id"] for r in again})  # fresh ids each time
    assert AuditEntry.objects.filter(action="outcomes.research_export", actor=ada).count() == 2


def test_a_report_with_nobody_says_so(ada: Any) -> None:
    page = client_for(ada).get(reverse("outcomes:research_report")).content.decode()
    assert "Not enough consenting members" in page


def test_a_non_consenting_member_is_never_exported(group: Group, ada: Any) -> None:
    consenting_cohort(group, 6)
    outsider = make_user("noconsent")
    join(outsider, group)
    answer_at(outsider, "phq9", phq9(20), timezone.now() - timedelta(weeks=8))
    answer_at(outsider, "phq9", phq9(19), timezone.now())
    rows = list(
        csv.DictReader(
            io.StringIO(client_for(ada).get(reverse("outcomes:research_export")).content.decode())
        )
    )
    assert len(rows) == 6
