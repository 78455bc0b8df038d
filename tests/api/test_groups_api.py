from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import client_for, join


def test_the_directory_is_public_and_filterable(client: Any, group: Any) -> None:
    data = client.get("/api/groups", {"focus": "depression"}).json()
    assert [g["slug"] for g in data] == [group.slug]
    assert client.get("/api/groups", {"focus": "anxiety"}).json() == []


def test_the_place_is_only_in_members_view_of_a_group(client: Any, alice: Any, group: Any) -> None:
    assert client.get(f"/api/groups/{group.slug}").json()["location"] is None
    join(alice, group)
    assert (
        client_for(alice).get(f"/api/groups/{group.slug}").json()["location"]
        == "Room 2, 14 Mill Lane"
    )


def test_members_list_needs_membership(alice: Any, bob: Any, group: Any) -> None:
    join(alice, group)
    assert client_for(bob).get(f"/api/groups/{group.slug}/members").status_code == 403
    handles = [
        m["handle"] for m in client_for(alice).get(f"/api/groups/{group.slug}/members").json()
    ]
    assert sorted(handles) == ["alice", "fay"]
    assert Client().get(f"/api/groups/{group.slug}/members").status_code == 401


def test_joining_through_the_api_needs_every_consent_and_joins_as_listener(
    alice: Any, group: Any
) -> None:
    c = client_for(alice)
    version = c.get(f"/api/groups/{group.slug}").json()["guidelines_version_id"]
    refused = c.post(
        f"/api/groups/{group.slug}/join",
        {
            "guidelines_version_id": version,
            "guidelines": True,
            "confidentiality": True,
            "crisis_policy": False,
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "tick every box" in refused.json()["detail"]
    joined = c.post(
        f"/api/groups/{group.slug}/join",
        {
            "guidelines_version_id": version,
            "guidelines": True,
            "confidentiality": True,
            "crisis_policy": True,
        },
        content_type="application/json",
    )
    assert joined.status_code == 200 and joined.json()["role"] == "listener"
    assert c.get("/api/me/groups").json()[0]["group"] == group.slug


def test_writes_need_a_csrf_token(alice: Any, group: Any) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(alice)
    assert c.post(f"/api/groups/{group.slug}/leave").status_code == 403


def test_the_openapi_schema_describes_the_api(client: Any, db: Any) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/groups/{slug}/join" in schema["paths"]
