"""Group effectiveness: aggregates only, cells under 5 people suppressed, no individual answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.core.models import AuditEntry
from alongside.groups.models import Group, Membership
from alongside.outcomes import queries
from tests.conftest import client_for, join, make_user
from tests.outcomes.helpers import answer_at, gad7, ident, phq9


def members_with_outcomes(group: Group, n: int, *, recovered: int) -> list[Any]:
    """n members who joined 8 weeks ago with PHQ-9 14 / GAD-7 9; `recovered` of them improve."""
    people = []
    start = timezone.now() - timedelta(weeks=8)
    for i in range(n):
        user = make_user(f"member{i:02d}")
        join(user, group)
        Membership.objects.filter(user=user, group=group).update(joined_at=start)
        answer_at(user, "phq9", phq9(14), start + timedelta(hours=1))
        answer_at(user, "gad7", gad7(9), start + timedelta(hours=1))
        later = start + timedelta(weeks=6)
        answer_at(user, "phq9", phq9(5 if i < recovered else 15), later)
        answer_at(user, "gad7", gad7(4 if i < recovered else 10), later)
        answer_at(
            user,
            "id4",
            ident(6 if i % 2 else 5),
            start + timedelta(weeks=2),
            group=group,
            occasion="after-2",
        )
        people.append(user)
    return people


def test_four_people_are_too_few_for_any_figure(group: Group) -> None:
    members_with_outcomes(group, 4, recovered=2)
    eff = queries.effectiveness([group], group.name)
    assert eff.joined.suppressed
    assert eff.phq9_first.suppressed and eff.phq9_last.suppressed
    assert eff.recovery.suppressed
    assert all(c.suppressed for _o, c in eff.identification)


def test_ten_people_give_means_and_shares(group: Group) -> None:
    members_with_outcomes(group, 10, recovered=5)
    eff = queries.effectiveness([group], group.name)
    assert eff.joined.value == 10
    assert eff.phq9_first.value == 14
    assert eff.phq9_last.value == 10  # five at 5, five at 15
    assert eff.recovery.value == 0.5
    assert eff.reliable_improvement.value == 0.5  # 14 → 5 is a fall of 9
    assert dict(eff.identification)["after-2"].value == 5.5


def test_a_share_with_fewer_than_5_on_one_side_is_hidden(group: Group) -> None:
    members_with_outcomes(group, 8, recovered=6)  # 2 did not recover
    eff = queries.effectiveness([group], group.name)
    assert eff.recovery.suppressed
    assert not eff.phq9_first.suppressed


def test_the_facilitator_sees_aggregates_and_never_an_individual_answer(
    group: Group, fay: Any
) -> None:
    members_with_outcomes(group, 4, recovered=2)
    page = (
        client_for(fay)
        .get(reverse("outcomes:group_effectiveness", args=[group.slug]))
        .content.decode()
    )
    assert "not shown (fewer than 5 people)" in page
    assert ": fewer than 5<" not in page and ">fewer than 5<" not in page
    assert "member00" not in page and "member01" not in page
    assert "<svg" not in page  # nothing to chart when every cell is hidden


def test_the_effectiveness_page_charts_unsuppressed_figures(group: Group, fay: Any) -> None:
    members_with_outcomes(group, 10, recovered=5)
    page = (
        client_for(fay)
        .get(reverse("outcomes:group_effectiveness", args=[group.slug]))
        .content.decode()
    )
    assert page.count('role="img"') == 2
    assert "50% of 10" in page
    assert "member0" not in page


def test_a_facilitator_cannot_see_another_groups_effectiveness(group: Group, alice: Any) -> None:
    other = make_user("otherfac")
    from alongside.groups import actions as group_actions

    other_group = group_actions.create_group(
        creator=other,
        name="Other",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    assert (
        client_for(other)
        .get(reverse("outcomes:group_effectiveness", args=[group.slug]))
        .status_code
        == 403
    )
    assert (
        client_for(other)
        .get(reverse("outcomes:group_effectiveness", args=[other_group.slug]))
        .status_code
        == 200
    )
    join(alice, group)
    assert (
        client_for(alice)
        .get(reverse("outcomes:group_effectiveness", args=[group.slug]))
        .status_code
        == 403
    )


def test_admins_see_the_organisation_and_change_the_schedule(group: Group, ada: Any) -> None:
    members_with_outcomes(group, 6, recovered=3)
    client = client_for(ada)
    page = client.get(reverse("outcomes:organisation")).content.decode()
    assert "Evening Depression Support" in page and "All groups" in page
    response = client.post(
        reverse("outcomes:organisation"),
        {"checkin_interval_weeks": 6, "identification_after": "3, 8", "email_reminders": "on"},
    )
    assert response.status_code == 302
    from alongside.outcomes.models import OutcomeSettings

    cfg = OutcomeSettings.current()
    assert cfg.checkin_interval_weeks == 6 and cfg.identification_points == [3, 8]
    assert AuditEntry.objects.filter(action="outcomes.settings_changed", actor=ada).exists()


def test_a_bad_schedule_gets_a_clear_error(ada: Any) -> None:
    page = (
        client_for(ada)
        .post(
            reverse("outcomes:organisation"),
            {"checkin_interval_weeks": 0, "identification_after": "two"},
        )
        .content.decode()
    )
    assert "Ensure this value is greater than or equal to 1." in page
    assert "Use whole numbers separated by commas" in page


def test_the_group_page_links_facilitators_to_effectiveness(
    group: Group, fay: Any, alice: Any
) -> None:
    link = reverse("outcomes:group_effectiveness", args=[group.slug])
    assert link in client_for(fay).get(group.get_absolute_url()).content.decode()
    join(alice, group)
    assert link not in client_for(alice).get(group.get_absolute_url()).content.decode()
