from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alongside.groups.models import Group
from alongside.resources import actions
from alongside.resources.models import SharedResource
from tests.conftest import client_for, join


@pytest.fixture
def members(group: Group, alice: Any, bob: Any) -> Group:
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


def test_a_kind_suggestion_goes_live_at_once(members: Group, alice: Any, bob: Any) -> None:
    client_for(alice).post(
        reverse("resources:shared", args=[members.slug]),
        {
            "title": "A book on sleep",
            "url": "https://example.org/sleep",
            "why": "It helped me rest.",
        },
    )
    page = client_for(bob).get(reverse("resources:shared", args=[members.slug])).content.decode()
    assert "A book on sleep" in page and 'rel="noopener noreferrer"' in page


def test_an_abusive_suggestion_waits_for_a_facilitator(
    members: Group, alice: Any, bob: Any, fay: Any
) -> None:
    item = actions.suggest_resource(
        author=alice,
        group=members,
        title="Read this",
        url="https://example.org/x",
        why="kill yourself",
    )
    assert item.status == SharedResource.Status.HELD
    url = reverse("resources:shared", args=[members.slug])
    assert "Read this" not in client_for(bob).get(url).content.decode()
    assert "Read this" in client_for(fay).get(url).content.decode()
    client_for(fay).post(reverse("resources:approve_shared", args=[members.slug, item.pk]))
    assert "Read this" in client_for(bob).get(url).content.decode()


def test_a_facilitator_or_moderator_removes_a_link_and_a_member_cannot(
    members: Group, alice: Any, bob: Any, mo: Any
) -> None:
    item = actions.suggest_resource(
        author=alice, group=members, title="Old link", url="https://example.org/o"
    )
    with pytest.raises(PermissionDenied):
        actions.remove_shared(by=bob, item=item)
    client_for(mo).post(reverse("resources:remove_shared", args=[members.slug, item.pk]))
    assert (
        "Old link"
        not in client_for(bob)
        .get(reverse("resources:shared", args=[members.slug]))
        .content.decode()
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "ftp://example.org/x", "example.org"]
)
def test_only_web_links_are_accepted_with_a_clear_error(
    members: Group, alice: Any, url: str
) -> None:
    with pytest.raises(ValidationError):
        actions.suggest_resource(author=alice, group=members, title="Bad", url=url)
    response = client_for(alice).post(
        reverse("resources:shared", args=[members.slug]),
        {"title": "Bad", "url": url, "why": "kept"},
    )
    assert response.status_code == 200
    assert "http:// or https://" in response.content.decode()
    assert response.context["form"]["why"].value() == "kept"
    assert not SharedResource.objects.exists()


def test_a_listener_cannot_share(group: Group, alice: Any) -> None:
    join(alice, group)
    with pytest.raises(PermissionDenied):
        actions.suggest_resource(author=alice, group=group, title="Hi", url="https://example.org")
