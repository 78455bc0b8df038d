"""Every groups view, for every kind of visitor: who may see and do what.

A meta-test makes sure a new groups view cannot be added without a row here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.groups.models import Group
from tests.access import view_names
from tests.conftest import client_for, join, make_user

# url name -> (method, who may use it). Who: "anyone", "signed_in", "member", "manager", "staff_creator".
VIEWS: dict[str, tuple[str, str]] = {
    "directory": ("get", "anyone"),
    "match": ("get", "anyone"),
    "detail": ("get", "anyone"),
    "join": ("get", "signed_in"),
    "consent": ("get", "member"),
    "start_sharing": ("post", "signed_in"),
    "listen": ("post", "signed_in"),
    "leave": ("post", "signed_in"),
    "join_waitlist": ("post", "signed_in"),
    "leave_waitlist": ("post", "signed_in"),
    "members": ("get", "member"),
    "create": ("get", "staff_creator"),
    "manage": ("get", "manager"),
    "edit_guidelines": ("get", "manager"),
    "consent_records": ("get", "manager"),
    "approve": ("post", "manager"),
    "decline": ("post", "manager"),
    "remove": ("post", "manager"),
    "appoint_facilitator": ("post", "manager"),
    "end_facilitation": ("post", "manager"),
}


def url_for(name: str, group: Group, member_id: int) -> str:
    if name in ("directory", "create", "match"):
        return reverse(f"groups:{name}")
    if name in ("approve", "decline", "remove", "appoint_facilitator", "end_facilitation"):
        return reverse(f"groups:{name}", args=[group.slug, member_id])
    return reverse(f"groups:{name}", args=[group.slug])


def test_every_groups_view_has_an_access_rule() -> None:
    names = view_names("groups")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def cast(group: Group, fay: Any, alice: Any, bob: Any) -> dict[str, Any]:
    join(alice, group, share=True)
    return {"group": group, "member": alice, "outsider": bob, "manager": fay}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_reach_only_public_pages(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast["group"], cast["member"].pk))
    if who == "anyone":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name",
    sorted(n for n, (_, who) in VIEWS.items() if who in ("member", "manager", "staff_creator")),
)
def test_signed_in_outsiders_are_refused_member_and_manager_pages(
    cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["outsider"]), method)(
        url_for(name, cast["group"], cast["member"].pk)
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, who) in VIEWS.items() if who in ("manager", "staff_creator"))
)
def test_members_are_refused_manager_pages(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["member"]), method)(
        url_for(name, cast["group"], cast["member"].pk)
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name",
    sorted(n for n, (m, who) in VIEWS.items() if who in ("member", "manager") and m == "get"),
)
def test_the_facilitator_reaches_member_and_manager_pages(cast: dict[str, Any], name: str) -> None:
    response = client_for(cast["manager"]).get(url_for(name, cast["group"], cast["member"].pk))
    assert response.status_code == 200


def test_the_place_and_member_list_show_only_to_members(client: Any, cast: dict[str, Any]) -> None:
    group = cast["group"]
    public = client.get(group.get_absolute_url()).content.decode()
    assert "14 Mill Lane" not in public
    assert "alice" not in public
    outsider = client_for(cast["outsider"]).get(group.get_absolute_url()).content.decode()
    assert "14 Mill Lane" not in outsider
    member = client_for(cast["member"]).get(group.get_absolute_url()).content.decode()
    assert "14 Mill Lane" in member
    members_page = (
        client_for(cast["member"])
        .get(reverse("groups:members", args=[group.slug]))
        .content.decode()
    )
    assert "alice" in members_page and "fay" in members_page


def test_members_never_see_each_others_email(cast: dict[str, Any]) -> None:
    page = (
        client_for(cast["member"])
        .get(reverse("groups:members", args=[cast["group"].slug]))
        .content.decode()
    )
    assert "@example.org" not in page.replace(cast["member"].email, "")


def test_moderators_can_see_group_content_without_joining(cast: dict[str, Any]) -> None:
    mo = make_user("mod", is_moderator=True)
    page = client_for(mo).get(reverse("groups:members", args=[cast["group"].slug]))
    assert page.status_code == 200


def test_a_closed_group_is_hidden_from_outsiders(client: Any, cast: dict[str, Any]) -> None:
    group = cast["group"]
    group.status = "closed"
    group.save()
    assert client.get(group.get_absolute_url()).status_code == 404
    assert client_for(cast["member"]).get(group.get_absolute_url()).status_code == 200
