"""No first post unanswered: a participant's first post without a reply reaches facilitators."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alongside.rooms import actions
from alongside.rooms.models import FirstPost
from tests.conftest import client_for


def _age(hours: float) -> None:
    FirstPost.objects.update(posted_at=timezone.now() - timedelta(hours=hours))


def test_an_unanswered_first_post_is_surfaced_to_facilitators(
    talking: Any, alice: Any, fay: Any
) -> None:
    actions.create_thread(alice, talking, "Hi, I'm new", "First time posting here.")
    _age(3)
    call_command("surface_unanswered_first_posts")
    page = client_for(fay).get(reverse("rooms:first_posts", args=[talking.slug])).content.decode()
    assert "alice" in page and "Read and reply" in page


def test_a_first_post_with_a_reply_is_not_surfaced(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    actions.send_message(alice, talking, "a1", "hello, first time here")
    actions.send_message(bob, talking, "b1", "welcome alice!")
    _age(3)
    call_command("surface_unanswered_first_posts")
    waiting = [fp.author.handle for fp in FirstPost.objects.filter(surfaced_at__isnull=False)]
    assert "alice" not in waiting  # bob's welcome is his own first post: it waits for a reply


def test_a_recent_first_post_is_not_surfaced_yet(talking: Any, alice: Any, fay: Any) -> None:
    actions.send_message(alice, talking, "a1", "hello")
    call_command("surface_unanswered_first_posts")
    assert FirstPost.objects.get().surfaced_at is None


def test_members_cannot_see_the_facilitators_list(talking: Any, alice: Any) -> None:
    assert (
        client_for(alice).get(reverse("rooms:first_posts", args=[talking.slug])).status_code == 403
    )
