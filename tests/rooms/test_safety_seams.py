"""Room messages and thread posts are content the safety app can look up, hide and approve."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.rooms import actions
from alongside.rooms.models import Message, ThreadPost
from alongside.safety import content
from tests.conftest import client_for


def test_safety_can_look_up_and_hide_a_room_message(
    talking: Any, alice: Any, bob: Any, mo: Any
) -> None:
    stored = actions.send_message(alice, talking, "m1", "words to review")
    ref = content.lookup("room_message", stored.message_id)
    assert (
        ref is not None
        and ref.text == "words to review"
        and ref.author == alice
        and ref.group == talking
    )
    content.SOURCES["room_message"].set_visibility(stored.message_id, "hidden", mo)
    assert Message.objects.get(pk=stored.message_id).visibility == "hidden"
    page = client_for(bob).get(reverse("rooms:room", args=[talking.slug])).content.decode()
    assert "words to review" not in page


def test_safety_can_hold_and_approve_a_thread_post(
    talking: Any, alice: Any, bob: Any, mo: Any
) -> None:
    thread, post, _v = actions.create_thread(alice, talking, "Hello", "a post to review")
    ref = content.lookup("thread_post", post.pk)
    assert ref is not None and ref.group == talking and f"#p{post.pk}" in ref.url
    turl = reverse("rooms:thread", args=[talking.slug, thread.pk])
    content.SOURCES["thread_post"].set_visibility(post.pk, "held", mo)
    assert "a post to review" not in client_for(bob).get(turl).content.decode()
    assert (
        "a post to review" in client_for(alice).get(turl).content.decode()
    )  # its author still sees it
    content.SOURCES["thread_post"].set_visibility(post.pk, "visible", mo)
    assert ThreadPost.objects.get(pk=post.pk).visibility == "visible"
    assert "a post to review" in client_for(bob).get(turl).content.decode()
