"""A facilitator makes a member a co-facilitator from the members page, and a facilitator can
step down while another remains: the new facilitator gets the tools and is told; it is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import User
from alongside.core.models import AuditEntry
from alongside.groups import access
from alongside.groups import actions as group_actions
from alongside.groups.models import Membership
from alongside.safety.models import Notice
from tests.conftest import client_for, join


def members_page(user: Any, group: Any) -> str:
    return client_for(user).get(reverse("groups:members", args=[group.slug])).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_facilitator_makes_a_member_a_co_facilitator(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group, share=True)
    assert "Make a facilitator" in members_page(fay, group)
    assert not access.can_manage(alice, group)

    response = client_for(fay).post(
        reverse("groups:appoint_facilitator", args=[group.slug, alice.pk]),
        {"kind": "professional"},
        follow=True,
    )
    assert "They are now a facilitator of this group" in response.content.decode()
    membership = Membership.objects.get(user=alice, group=group)
    assert (membership.role, membership.facilitator_kind) == ("facilitator", "professional")
    assert access.can_manage(User.objects.get(pk=alice.pk), group)
    assert client_for(alice).get(reverse("groups:manage", args=[group.slug])).status_code == 200
    assert AuditEntry.objects.filter(
        action="group.appoint_facilitator", subject_user=alice
    ).exists()
    told = [m for m in mail.outbox if m.to == [alice.email]]
    assert told and "facilitator" in told[-1].subject
    notices = client_for(alice).get(reverse("safety:my_notices")).content.decode()
    assert "You are now a facilitator of Evening Depression Support" in notices


@pytest.mark.django_db(transaction=True)
def test_a_facilitator_steps_down_only_while_another_remains(
    group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    step_down = reverse("groups:end_facilitation", args=[group.slug, fay.pk])
    assert "Step down as facilitator" not in members_page(fay, group)
    page = client_for(fay).post(step_down, follow=True).content.decode()
    assert "A group needs at least one facilitator" in page
    assert Membership.objects.get(user=fay, group=group).role == "facilitator"

    group_actions.appoint_facilitator(fay, group, alice.pk)
    assert "Step down as facilitator" in members_page(fay, group)
    client_for(fay).post(step_down, follow=True)
    fay_membership = Membership.objects.get(user=fay, group=group)
    assert (fay_membership.role, fay_membership.status) == ("participant", "active")
    assert not access.can_manage(User.objects.get(pk=fay.pk), group)
    assert AuditEntry.objects.filter(action="group.end_facilitation", subject_user=fay).exists()
    assert not Notice.objects.filter(user=fay, text__contains="no longer a facilitator").exists()


def test_a_facilitator_whose_role_another_ends_is_told(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group, share=True)
    group_actions.appoint_facilitator(fay, group, alice.pk)
    group_actions.end_facilitation(alice, group, fay.pk)
    page = client_for(fay).get(reverse("safety:my_notices")).content.decode()
    assert "You are no longer a facilitator of Evening Depression Support" in page


def test_only_adult_active_members_become_facilitators(
    group: Any, fay: Any, alice: Any, bob: Any, tess: Any
) -> None:
    with pytest.raises(group_actions.GroupActionError, match="not in this group"):
        group_actions.appoint_facilitator(fay, group, bob.pk)
    join(alice, group, share=True)
    with pytest.raises(group_actions.GroupActionError, match="facilitators"):
        group_actions.appoint_facilitator(alice, group, fay.pk)  # a member cannot appoint
    with pytest.raises(group_actions.GroupActionError, match="peer or professional"):
        group_actions.appoint_facilitator(fay, group, alice.pk, kind="boss")
    group_actions.appoint_facilitator(fay, group, alice.pk)
    with pytest.raises(group_actions.GroupActionError, match="already"):
        group_actions.appoint_facilitator(fay, group, alice.pk)


def test_a_young_person_is_never_made_a_facilitator(youth_group: Any, fay: Any, tess: Any) -> None:
    join(tess, youth_group, share=True)
    assert "Make a facilitator" not in members_page(fay, youth_group)
    with pytest.raises(group_actions.GroupActionError, match="adults"):
        group_actions.appoint_facilitator(fay, youth_group, tess.pk)
