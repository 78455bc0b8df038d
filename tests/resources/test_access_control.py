"""Every resources view, for every kind of visitor. A meta-test keeps the table complete."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.groups.models import Group
from alongside.resources import actions
from tests.access import view_names
from tests.conftest import client_for, join

# url name -> (method, who may use it): "anyone", "staff", "member", "manager".
VIEWS: dict[str, tuple[str, str]] = {
    "library": ("get", "anyone"),
    "crisis": ("get", "anyone"),
    "library_add": ("get", "staff"),
    "library_edit": ("get", "staff"),
    "library_archive": ("post", "staff"),
    "library_unarchive": ("post", "staff"),
    "shared": ("get", "member"),
    "approve_shared": ("post", "manager"),
    "remove_shared": ("post", "manager"),
    "polls": ("get", "member"),
    "poll_create": ("get", "manager"),
    "poll_vote": ("post", "member"),
}


def test_every_resources_view_has_an_access_rule() -> None:
    names = view_names("resources")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def cast(group: Group, fay: Any, alice: Any, bob: Any, mo: Any) -> dict[str, Any]:
    join(alice, group, share=True)
    item = actions.suggest_resource(
        author=alice, group=group, title="Secret link", url="https://example.org/s"
    )
    poll = actions.create_poll(
        by=fay, group=group, question="Which evening?", options=["Mon", "Tue"]
    )
    resource = actions.add_library_resource(
        by=mo, title="Sleep guide", url="https://example.org/sleep", kind="article"
    )
    return {
        "group": group,
        "member": alice,
        "outsider": bob,
        "manager": fay,
        "staff": mo,
        "item": item,
        "poll": poll,
        "resource": resource,
    }


def url_for(name: str, cast: dict[str, Any]) -> str:
    slug = cast["group"].slug
    if name in ("library", "crisis", "library_add"):
        return reverse(f"resources:{name}")
    if name in ("library_edit", "library_archive", "library_unarchive"):
        return reverse(f"resources:{name}", args=[cast["resource"].pk])
    if name in ("approve_shared", "remove_shared"):
        return reverse(f"resources:{name}", args=[slug, cast["item"].pk])
    if name == "poll_vote":
        return reverse(f"resources:{name}", args=[slug, cast["poll"].pk])
    return reverse(f"resources:{name}", args=[slug])


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_reach_only_public_pages(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast))
    if who == "anyone":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who != "anyone"))
def test_signed_in_outsiders_see_nothing_of_the_group(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["outsider"]), method)(url_for(name, cast))
    assert response.status_code == 403
    assert b"Secret link" not in response.content and b"Which evening" not in response.content


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, who) in VIEWS.items() if who in ("manager", "staff"))
)
def test_members_are_refused_manager_pages(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["member"]), method)(url_for(name, cast))
    assert response.status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "staff"))
def test_facilitators_are_refused_the_library_staff_pages(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["manager"]), method)(url_for(name, cast))
    assert response.status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "staff"))
def test_moderators_reach_the_library_staff_pages(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["staff"]), method)(url_for(name, cast))
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, who) in VIEWS.items() if who == "member" and VIEWS[n][0] == "get")
)
def test_members_see_their_groups_pages(cast: dict[str, Any], name: str) -> None:
    response = client_for(cast["member"]).get(url_for(name, cast))
    assert response.status_code == 200


def test_the_group_page_and_main_nav_link_here(client: Any, cast: dict[str, Any]) -> None:
    assert reverse("resources:library").encode() in client.get(reverse("home")).content
    page = (
        client_for(cast["member"])
        .get(reverse("groups:detail", args=[cast["group"].slug]))
        .content.decode()
    )
    assert reverse("resources:shared", args=[cast["group"].slug]) in page
    assert reverse("resources:polls", args=[cast["group"].slug]) in page
