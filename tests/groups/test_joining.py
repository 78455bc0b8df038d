from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.groups import actions
from alongside.groups.models import ConsentRecord, Membership
from tests.conftest import client_for, join, make_user


def consent_post(group: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "guidelines_version": group.current_guidelines().pk,
        "guidelines": "on",
        "confidentiality": "on",
        "crisis_policy": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_join_page_shows_purpose_format_and_guidelines(alice: Any, group: Any) -> None:
    page = client_for(alice).get(reverse("groups:join", args=[group.slug])).content.decode()
    assert group.purpose in page
    assert "This is a hybrid, peer-led group" in page
    assert "Confidentiality" in page and "If someone is in crisis" in page


def test_joining_records_who_consented_to_which_version_and_when(alice: Any, group: Any) -> None:
    response = client_for(alice).post(
        reverse("groups:join", args=[group.slug]), consent_post(group)
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get(user=alice, group=group)
    assert record.guidelines_version.version == 1
    assert (
        record.agreed_guidelines and record.agreed_confidentiality and record.agreed_crisis_policy
    )
    assert record.created_at is not None


def test_new_members_join_as_listeners(alice: Any, group: Any) -> None:
    client_for(alice).post(reverse("groups:join", args=[group.slug]), consent_post(group))
    assert Membership.objects.get(user=alice, group=group).role == Membership.Role.LISTENER


@pytest.mark.parametrize("missing", ["guidelines", "confidentiality", "crisis_policy"])
def test_every_consent_must_be_ticked(alice: Any, group: Any, missing: str) -> None:
    response = client_for(alice).post(
        reverse("groups:join", args=[group.slug]), consent_post(group, **{missing: None})
    )
    assert response.status_code == 200
    assert "Please tick every box" in response.content.decode()
    assert not Membership.objects.filter(user=alice, group=group).exists()
    assert not ConsentRecord.objects.filter(user=alice).exists()


def test_consenting_to_an_outdated_version_is_refused(alice: Any, group: Any, fay: Any) -> None:
    old = group.current_guidelines().pk
    actions.publish_guidelines(group, editor=fay, text="New text")
    response = client_for(alice).post(
        reverse("groups:join", args=[group.slug]), consent_post(group, guidelines_version=old)
    )
    assert "The guidelines changed while you were reading" in response.content.decode()
    assert not Membership.objects.filter(user=alice, group=group).exists()


def test_a_listener_chooses_when_to_start_sharing_and_can_step_back(alice: Any, group: Any) -> None:
    join(alice, group)
    client = client_for(alice)
    client.post(reverse("groups:start_sharing", args=[group.slug]))
    assert Membership.objects.get(user=alice, group=group).role == Membership.Role.PARTICIPANT
    client.post(reverse("groups:listen", args=[group.slug]))
    assert Membership.objects.get(user=alice, group=group).role == Membership.Role.LISTENER


def test_leaving_is_one_click(alice: Any, group: Any) -> None:
    join(alice, group, share=True)
    response = client_for(alice).post(reverse("groups:leave", args=[group.slug]))
    assert response.status_code == 302
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.LEFT


def test_a_member_who_left_can_rejoin(alice: Any, group: Any) -> None:
    join(alice, group)
    actions.leave_group(alice, group)
    join(alice, group)
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.ACTIVE


def test_invite_only_groups_need_a_facilitators_approval(alice: Any, fay: Any) -> None:
    group = actions.create_group(
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
    membership = Membership.objects.get(user=alice, group=group)
    assert membership.status == Membership.Status.PENDING
    members_page = (
        client_for(fay).get(reverse("groups:members", args=[group.slug])).content.decode()
    )
    assert "Requests to join" in members_page and "alice" in members_page
    client_for(fay).post(reverse("groups:approve", args=[group.slug, alice.pk]))
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.ACTIVE


def test_a_removed_member_is_told_why_and_cannot_rejoin_alone(
    alice: Any, fay: Any, group: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    join(alice, group, share=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(fay).post(
            reverse("groups:remove", args=[group.slug, alice.pk]),
            {"reason": "Repeated unkind remarks"},
        )
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.REMOVED
    assert any("Repeated unkind remarks" in m.body for m in mail.outbox)
    response = client_for(alice).post(
        reverse("groups:join", args=[group.slug]), consent_post(group)
    )
    assert "A facilitator removed you" in response.content.decode()


def test_removing_needs_a_reason(alice: Any, fay: Any, group: Any) -> None:
    join(alice, group)
    client_for(fay).post(reverse("groups:remove", args=[group.slug, alice.pk]), {"reason": " "})
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.ACTIVE


def test_youth_and_adult_spaces_never_mix(
    alice: Any, tess: Any, group: Any, youth_group: Any
) -> None:
    with pytest.raises(actions.GroupActionError, match="for young people under 18"):
        join(alice, youth_group)
    with pytest.raises(actions.GroupActionError, match="This group is for adults"):
        join(tess, group)
    join(tess, youth_group)
    assert Membership.objects.get(user=tess, group=youth_group).is_active


def test_the_group_page_explains_why_someone_cannot_join(tess: Any, group: Any) -> None:
    page = client_for(tess).get(group.get_absolute_url()).content.decode()
    assert "This group is for adults" in page


def test_a_full_group_offers_a_waitlist_and_offers_a_freed_place_to_the_first_waiting(
    fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    group = actions.create_group(
        creator=fay,
        name="Tiny",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
        capacity=2,
    )
    first, second, third, fourth = (make_user(h) for h in ("one", "two", "three", "four"))
    join(first, group)
    join(second, group)
    with pytest.raises(actions.GroupActionError, match="This group is full"):
        join(third, group)
    page = client_for(third).get(group.get_absolute_url()).content.decode()
    assert "Join the waitlist" in page
    client_for(third).post(reverse("groups:join_waitlist", args=[group.slug]))
    actions.join_waitlist(fourth, group)

    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_group(first, group)
    assert any(
        "A place is free in Tiny" in m.subject and m.to == [third.email] for m in mail.outbox
    )
    # The place is held for the first person waiting, not whoever is fastest.
    with pytest.raises(actions.GroupActionError, match="This group is full"):
        join(fourth, group)
    join(third, group)
    assert Membership.objects.get(user=third, group=group).is_active


def test_the_directory_filters_by_focus_format_language_audience_and_leadership(
    client: Any, group: Any, fay: Any
) -> None:
    actions.create_group(
        creator=fay,
        name="Grupo en español",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="professional",
        language="es",
    )

    def names(**params: str) -> str:
        return client.get(reverse("groups:directory"), params).content.decode()

    assert "Grupo en español" in names(language="es") and group.name not in names(language="es")
    assert group.name in names(focus="depression") and "Grupo en español" not in names(
        focus="depression"
    )
    assert group.name in names(format="hybrid")
    assert "Grupo en español" in names(leadership="professional")
    assert group.name not in names(audience="youth")


def test_unlisted_and_invite_only_groups_stay_out_of_the_directory(client: Any, fay: Any) -> None:
    actions.create_group(
        creator=fay,
        name="Hidden Circle",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
        visibility="unlisted",
    )
    assert "Hidden Circle" not in client.get(reverse("groups:directory")).content.decode()
    assert client.get(reverse("groups:detail", args=["hidden-circle"])).status_code == 200


def test_the_match_page_ranks_groups_and_explains_why(alice: Any, group: Any, fay: Any) -> None:
    actions.create_group(
        creator=fay,
        name="Worry Less",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    page = (
        client_for(alice)
        .post(
            reverse("groups:match"), {"focuses": ["anxiety", "depression"], "formats": ["online"]}
        )
        .content.decode()
    )
    assert page.index("Worry Less") < page.index(group.name)  # online, not hybrid: first
    assert "It focuses on what you asked for support with." in page
    assert "You can listen first" in page
