"""When a member's identification with their group stays low, they are offered other groups,
privately and kindly; their facilitator sees only how often it happened, from 5 people up."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.groups import actions as group_actions
from alongside.outcomes import actions
from alongside.outcomes.models import OtherGroupsOffer
from tests.conftest import client_for, join, make_user
from tests.outcomes.helpers import ident


def other_group(fay: Any, name: str = "Thursday Depression Circle", **kw: Any) -> Any:
    base = {
        "purpose": "Adults with low mood, meeting online.",
        "focus": "depression",
        "audience": "adults",
        "format": "online",
        "leadership": "peer",
    }
    return group_actions.create_group(creator=fay, name=name, **{**base, **kw})


def test_two_low_check_ins_in_a_row_offer_other_groups_with_reasons(
    alice: Any, group: Any, fay: Any
) -> None:
    other_group(fay)
    other_group(fay, "Students Feeling Low", audience="students")
    join(alice, group)
    actions.submit_response(alice, "id4", ident(3), group=group)
    assert not OtherGroupsOffer.objects.exists()
    second = actions.submit_response(
        alice, "id1", {"q1": 4}, group=group
    )  # the midpoint counts as low
    assert OtherGroupsOffer.objects.filter(user=alice, group=group).count() == 1
    result = client_for(alice).get(reverse("outcomes:result", args=[second.pk])).content.decode()
    assert "Other groups you might like" in result and "Thursday Depression Circle" in result
    page = client_for(alice).get(reverse("home")).content.decode()
    assert "Other groups you might like" in page and "Only you can see this." in page
    offer = page.split("Other groups you might like", 1)[1]
    assert (
        "Thursday Depression Circle" in offer
        and "It has the same focus as your current group." in offer
    )
    assert "what you asked for" not in offer
    assert "Students Feeling Low" not in offer  # a community alice is not part of
    assert group.name + "</a>" not in offer  # not the group she is already in


def test_a_high_check_in_between_means_no_offer(alice: Any, group: Any, fay: Any) -> None:
    join(alice, group)
    for score in (2, 6, 3):
        actions.submit_response(alice, "id4", ident(score), group=group)
    assert not OtherGroupsOffer.objects.exists()


def test_the_offer_is_private_and_can_be_dismissed(
    alice: Any, bob: Any, group: Any, fay: Any
) -> None:
    join(alice, group)
    join(bob, group)
    for _ in range(2):
        actions.submit_response(alice, "id4", ident(2), group=group)
    assert (
        "Other groups you might like" not in client_for(bob).get(reverse("home")).content.decode()
    )
    assert "alice" not in client_for(fay).get(reverse("home")).content.decode()
    offer = OtherGroupsOffer.objects.get()
    assert (
        client_for(bob).post(reverse("outcomes:dismiss_offer", args=[offer.pk])).status_code == 404
    )
    client_for(alice).post(reverse("outcomes:dismiss_offer", args=[offer.pk]))
    assert (
        "Other groups you might like" not in client_for(alice).get(reverse("home")).content.decode()
    )
    actions.submit_response(alice, "id4", ident(2), group=group)
    assert OtherGroupsOffer.objects.count() == 1  # a new offer needs two new low check-ins
    actions.submit_response(alice, "id4", ident(2), group=group)
    assert OtherGroupsOffer.objects.count() == 2


def test_the_facilitator_sees_how_often_only_from_five_people(group: Any, fay: Any) -> None:
    people = [
        make_user(f"lowid-member{i}") for i in range(5)
    ]  # handles no token can contain by chance
    for p in people:
        join(p, group)
    for p in people[:4]:
        for _ in range(2):
            actions.submit_response(p, "id4", ident(1), group=group)
    fact = "Offered other groups after low identification (6 months):"
    page = client_for(fay).get(reverse("home")).content.decode()
    assert fact in page
    assert page.split(fact, 1)[1].split("</li>", 1)[0].strip() == "not shown (fewer than 5 people)"
    for _ in range(2):
        actions.submit_response(people[4], "id4", ident(1), group=group)
    page = client_for(fay).get(reverse("home")).content.decode()
    assert page.split(fact, 1)[1].split("</li>", 1)[0].strip() == "5"
    assert not any(p.handle in page for p in people)
    page = (
        client_for(fay)
        .get(reverse("outcomes:group_effectiveness", args=[group.slug]))
        .content.decode()
    )
    assert "Members offered other groups in the last 6 months: <strong>5</strong>" in page
