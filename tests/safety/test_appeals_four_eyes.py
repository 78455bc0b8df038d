"""Four eyes on appeals: an appeal is decided by someone other than the person who made the
decision; when nobody else could, it waits for an admin, and the pages say so."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.safety import actions, queries
from alongside.safety.models import Appeal, Notice
from tests.conftest import client_for, join, make_user


@pytest.fixture
def members(group: Any, alice: Any, bob: Any) -> Any:
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


def appeal_of(decider: Any, member: Any, group: Any, kind: str = "warn") -> Appeal:
    sanction = actions.apply_sanction(decider, member, group, kind, "Unkind reply.")
    return actions.appeal_sanction(member, sanction, "I was quoting a song.")


def test_the_moderator_who_decided_cannot_decide_the_appeal(
    members: Any, bob: Any, mo: Any
) -> None:
    appeal = appeal_of(mo, bob, members)
    with pytest.raises(actions.SafetyActionError, match="You made this decision"):
        actions.review_appeal(mo, appeal, "overturned", "Fair enough.")
    client_for(mo).post(
        reverse("safety:appeal_review", args=[appeal.pk]), {"outcome": "upheld", "note": "Stands."}
    )
    appeal.refresh_from_db()
    assert appeal.status == "open" and appeal.reviewed_by is None

    page = client_for(mo).get(reverse("safety:dashboard")).content.decode()
    assert "I was quoting a song." in page
    assert "You made this decision, so someone else must review the appeal." in page
    assert reverse("safety:appeal_review", args=[appeal.pk]) not in page


def test_someone_else_decides_it(members: Any, bob: Any, mo: Any, fay: Any) -> None:
    appeal = appeal_of(mo, bob, members)
    assert not queries.waits_for_admin(appeal)  # fay facilitates the group
    page = client_for(fay).get(reverse("safety:dashboard")).content.decode()
    assert reverse("safety:appeal_review", args=[appeal.pk]) in page
    client_for(fay).post(
        reverse("safety:appeal_review", args=[appeal.pk]),
        {"outcome": "overturned", "note": "A quotation, not an insult."},
    )
    appeal.refresh_from_db()
    assert appeal.status == "overturned" and appeal.reviewed_by == fay


def test_when_nobody_else_could_it_waits_for_an_admin_and_says_so(
    members: Any, bob: Any, fay: Any, ada: Any
) -> None:
    # fay is the group's only facilitator and there is no moderator.
    appeal = appeal_of(fay, bob, members)
    assert queries.waits_for_admin(appeal)
    assert Notice.objects.filter(user=ada, text__contains="waiting for an admin").exists()

    page = client_for(fay).get(reverse("safety:dashboard")).content.decode()
    assert "it is waiting for an admin" in page
    assert reverse("safety:appeal_review", args=[appeal.pk]) not in page
    mine = client_for(bob).get(reverse("safety:my_notices")).content.decode()
    assert (
        "Someone who did not make the decision will review it." in mine
        and "waiting for an admin" in mine
    )

    admin_page = client_for(ada).get(reverse("safety:dashboard")).content.decode()
    assert reverse("safety:appeal_review", args=[appeal.pk]) in admin_page
    actions.review_appeal(ada, appeal, "upheld", "The reply was unkind; the warning stands.")
    assert Appeal.objects.get(pk=appeal.pk).status == "upheld"


def test_a_second_facilitator_is_someone_else(members: Any, bob: Any, fay: Any) -> None:
    from alongside.groups import actions as group_actions

    gil = make_user("gil")
    join(gil, members, share=True)
    group_actions.appoint_facilitator(fay, members, gil.pk)
    appeal = appeal_of(fay, bob, members)
    assert not queries.waits_for_admin(appeal)
    assert queries.can_review_appeal(gil, appeal) and not queries.can_review_appeal(fay, appeal)


def test_a_suspension_is_reviewed_by_moderators_not_facilitators(
    members: Any, bob: Any, mo: Any, fay: Any
) -> None:
    other_mo = make_user("moe", is_moderator=True)
    appeal = appeal_of(mo, bob, members, kind="suspend")
    assert not queries.can_review_appeal(fay, appeal)
    with pytest.raises(actions.SafetyActionError):
        actions.review_appeal(fay, appeal, "overturned", "Seems harsh.")
    actions.review_appeal(other_mo, appeal, "overturned", "A first offence: lifted.")
    assert Appeal.objects.get(pk=appeal.pk).status == "overturned"


def test_the_member_never_reviews_their_own_appeal(members: Any, fay: Any) -> None:
    staff_member = make_user("sam", is_moderator=True)
    join(staff_member, members, share=True)
    appeal = appeal_of(fay, staff_member, members)
    assert not queries.can_review_appeal(staff_member, appeal)
