from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.core.models import AuditEntry
from alongside.groups import access
from alongside.groups.guideline_templates import sections
from tests.conftest import client_for, join


def test_new_groups_start_from_guidelines_covering_the_essentials(group: Any) -> None:
    text = group.current_guidelines().text
    for title in (
        "Confidentiality",
        "Respect",
        "Share the air",
        "No unsolicited advice",
        "Keeping each other safe",
        "If someone is in crisis",
    ):
        assert title in text
    assert len(sections()) >= 6


def test_editing_guidelines_makes_a_new_version_and_keeps_the_old(fay: Any, group: Any) -> None:
    client_for(fay).post(
        reverse("groups:edit_guidelines", args=[group.slug]),
        {"text": "Be kind.", "change_note": "Shorter"},
    )
    versions = list(group.guidelines_versions.order_by("version").values_list("version", "text"))
    assert versions[0][0] == 1 and versions[1] == (2, "Be kind.")


def test_unchanged_guidelines_do_not_make_a_version(fay: Any, group: Any) -> None:
    response = client_for(fay).post(
        reverse("groups:edit_guidelines", args=[group.slug]),
        {"text": group.current_guidelines().text},
    )
    assert "unchanged" in response.content.decode()
    assert group.guidelines_versions.count() == 1


def test_members_must_consent_to_the_new_version_before_posting_again(
    alice: Any, fay: Any, group: Any
) -> None:
    join(alice, group, share=True)
    assert access.post_decision(alice, group)
    client_for(fay).post(reverse("groups:edit_guidelines", args=[group.slug]), {"text": "Be kind."})
    access.forget_membership_cache(alice)
    decision = access.post_decision(alice, group)
    assert not decision and "guidelines have changed" in decision.reason
    page = client_for(alice).get(group.get_absolute_url()).content.decode()
    assert "Read the new guidelines" in page
    client_for(alice).post(
        reverse("groups:consent", args=[group.slug]),
        {
            "guidelines_version": group.current_guidelines().pk,
            "guidelines": "on",
            "confidentiality": "on",
            "crisis_policy": "on",
        },
    )
    access.forget_membership_cache(alice)
    assert access.post_decision(alice, group)


def test_a_listener_cannot_post(alice: Any, group: Any) -> None:
    join(alice, group)
    decision = access.post_decision(alice, group)
    assert not decision and "Start sharing" in decision.reason


def test_facilitators_see_consent_records_and_the_read_is_audited(
    alice: Any, fay: Any, group: Any
) -> None:
    join(alice, group)
    page = (
        client_for(fay).get(reverse("groups:consent_records", args=[group.slug])).content.decode()
    )
    assert "alice" in page
    assert AuditEntry.objects.filter(
        actor=fay, action="group.view_consent_records", group_id=group.pk
    ).exists()


def test_facilitators_edit_their_group(fay: Any, group: Any) -> None:
    data = {
        "name": "Evening Depression Support",
        "purpose": "New purpose",
        "focus": "depression",
        "audience": "adults",
        "format": "online",
        "leadership": "peer",
        "language": "en",
        "capacity": 10,
        "cadence": "Weekly",
        "meeting_description": "",
        "location": "",
        "visibility": "listed",
        "status": "active",
    }
    client_for(fay).post(reverse("groups:manage", args=[group.slug]), data)
    group.refresh_from_db()
    assert group.purpose == "New purpose" and group.capacity == 10 and group.format == "online"


def test_an_in_person_group_needs_a_place(fay: Any, group: Any) -> None:
    data = {
        "name": "X",
        "purpose": "p",
        "focus": "depression",
        "audience": "adults",
        "format": "in_person",
        "leadership": "peer",
        "language": "en",
        "capacity": 10,
        "location": "",
        "visibility": "listed",
        "status": "active",
    }
    response = client_for(fay).post(reverse("groups:manage", args=[group.slug]), data)
    assert "need a meeting place" in response.content.decode()


def test_facilitators_create_groups_and_become_their_facilitator(fay: Any, group: Any) -> None:
    data = {
        "name": "Morning Anxiety",
        "purpose": "p",
        "focus": "anxiety",
        "audience": "adults",
        "format": "online",
        "leadership": "peer",
        "language": "en",
        "capacity": 8,
        "visibility": "listed",
        "status": "active",
    }
    response = client_for(fay).post(reverse("groups:create"), data)
    assert response.status_code == 302
    from alongside.groups.models import Group

    new = Group.objects.get(name="Morning Anxiety")
    assert access.is_facilitator(fay, new)
    assert new.current_guidelines() is not None
