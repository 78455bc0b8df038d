"""Every rooms view, for every kind of visitor. A meta-test keeps the table complete."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.rooms import actions
from alongside.rooms.models import Message, ThreadPost
from tests.access import view_names
from tests.conftest import client_for, join, make_user

# url name -> (method, who may use it): "member" (members and staff), "staff" (facilitators,
# moderators) or "author" (only who wrote the message or post: 404 for everyone else).
VIEWS: dict[str, tuple[str, str]] = {
    "room": ("get", "member"),
    "search": ("get", "member"),
    "threads": ("get", "member"),
    "thread": ("get", "member"),
    "thread_new_posts": ("get", "member"),
    "room_settings": ("post", "staff"),
    "hide_message": ("post", "staff"),
    "pin_message": ("post", "staff"),
    "first_posts": ("get", "staff"),
    "thread_flags": ("post", "staff"),
    "hide_post": ("post", "staff"),
    "edit_message": ("get", "author"),
    "remove_message": ("post", "author"),
    "edit_post": ("get", "author"),
    "remove_post": ("post", "author"),
}


def test_every_rooms_view_has_an_access_rule() -> None:
    assert view_names("rooms") == set(VIEWS)


@pytest.fixture
def cast(group: Any, fay: Any, alice: Any, bob: Any) -> dict[str, Any]:
    join(alice, group, share=True)
    actions.send_message(alice, group, "a1", "hello")
    thread, post, _verdict = actions.create_thread(alice, group, "Sleep", "what helps?")
    return {
        "group": group,
        "member": alice,
        "outsider": bob,
        "staff": fay,
        "thread": thread,
        "post": post,
    }


def url_for(name: str, cast: dict[str, Any]) -> str:
    slug = cast["group"].slug
    args: dict[str, list[Any]] = {
        "hide_message": [slug, 1],
        "pin_message": [slug, 1],
        "thread": [slug, cast["thread"].pk],
        "thread_new_posts": [slug, cast["thread"].pk],
        "thread_flags": [slug, cast["thread"].pk],
        "hide_post": [slug, cast["post"].pk],
        "edit_message": [slug, 1],
        "remove_message": [slug, 1],
        "edit_post": [slug, cast["post"].pk],
        "remove_post": [slug, cast["post"].pk],
    }
    return reverse(f"rooms:{name}", args=args.get(name, [slug]))


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_signed_in_outsiders_see_nothing_of_the_conversation(
    cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["outsider"]), method)(url_for(name, cast))
    assert response.status_code in (403, 404)
    assert (
        "hello" not in response.content.decode() and "what helps?" not in response.content.decode()
    )


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "staff"))
def test_members_cannot_use_facilitator_tools(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["member"]), method)(url_for(name, cast))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("name", sorted(n for n, (m, _who) in VIEWS.items() if m == "get"))
def test_the_right_people_get_each_page(cast: dict[str, Any], name: str) -> None:
    _method, who = VIEWS[name]
    if who in ("member", "author"):
        assert client_for(cast["member"]).get(url_for(name, cast)).status_code == 200
    if who == "author":
        return  # staff included: only the author (test_only_the_author_may_change_their_words)
    assert client_for(cast["staff"]).get(url_for(name, cast)).status_code == 200
    assert (
        client_for(make_user("moderator", is_moderator=True)).get(url_for(name, cast)).status_code
        == 200
    )


@pytest.mark.parametrize("name", sorted(n for n, (_m, who) in VIEWS.items() if who == "author"))
def test_only_the_author_may_change_their_words(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    other_member = make_user("carol")
    join(other_member, cast["group"], share=True)
    moderator = make_user("moderator", is_moderator=True)
    for visitor in (other_member, cast["staff"], moderator):
        response = getattr(client_for(visitor), method)(url_for(name, cast), {"text": "changed"})
        assert response.status_code == 404
    assert Message.objects.get(group=cast["group"], seq=1).text == "hello"
    assert ThreadPost.objects.get(pk=cast["post"].pk).text == "what helps?"
