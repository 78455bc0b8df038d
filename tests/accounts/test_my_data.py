from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from alongside.accounts.models import User
from alongside.groups.models import ConsentRecord, Membership
from tests.conftest import PASSWORD, client_for, join


def test_a_member_downloads_everything_held_about_them(alice: Any, group: Any) -> None:
    join(alice, group)
    response = client_for(alice).get(reverse("accounts:download_my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["handle"] == "alice"
    assert data["groups"]["memberships"][0]["group"] == group.name
    assert data["groups"]["consents"][0]["guidelines_version"] == 1


def test_erasing_needs_the_handle_typed_and_then_removes_personal_data(
    client: Any, alice: Any, group: Any
) -> None:
    join(alice, group)
    c = client_for(alice)
    response = c.post(reverse("accounts:my_data"), {"handle": "wrong"})
    assert "Type your handle exactly" in response.content.decode()
    assert User.objects.get(pk=alice.pk).is_active

    c.post(reverse("accounts:my_data"), {"handle": "alice"})
    erased = User.objects.get(pk=alice.pk)
    assert not erased.is_active and erased.email != "alice@example.org" and erased.handle != "alice"
    assert Membership.objects.get(user=erased, group=group).status == Membership.Status.LEFT
    assert ConsentRecord.objects.filter(user=erased).exists()
    assert not client.login(email="alice@example.org", password=PASSWORD)
    page = (
        client_for(group.memberships.get(role="facilitator").user)
        .get(reverse("groups:members", args=[group.slug]))
        .content.decode()
    )
    assert "alice" not in page
