"""Searching a group's live room and threads: members only, never what is held or hidden from
them. On PostgreSQL: full-text search in the group's language, best matches first; on SQLite:
the text as typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from alongside.accounts.actions import erase_account
from alongside.groups.actions import update_group
from alongside.rooms import actions
from alongside.rooms.models import Message, ThreadPost
from alongside.safety.screening import Verdict
from tests.conftest import client_for

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search needs DATABASE_URL pointing at PostgreSQL",
)


def _search(user: Any, group: Any, q: str) -> str:
    r = client_for(user).get(reverse("rooms:search", args=[group.slug]), {"q": q})
    assert r.status_code == 200
    return r.content.decode()


def _found_messages(user: Any, group: Any, q: str) -> list[str]:
    """The live-room results in the order the page lists them."""
    page = _search(user, group, q)
    room = page.split("In the live room", 1)[1].split("In threads", 1)[0]
    return [chunk.split("</p>", 1)[0] for chunk in room.split('<div class="body"><p>')[1:]]


def _hold_everything(monkeypatch: Any) -> None:
    held = Verdict(visibility="held", author_notice="", resources=())
    monkeypatch.setattr(actions, "screen", lambda text, author, group: held)


def test_search_ignores_case(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(alice, talking, "m1", "Morning Pages helped me today")
    assert "Morning Pages helped me today" in _search(bob, talking, "morning pages")


def test_held_and_hidden_messages_and_posts_never_appear_to_other_members(
    talking: Any, alice: Any, bob: Any, fay: Any, monkeypatch: Any
) -> None:
    actions.send_message(bob, talking, "shown", "a lantern by the window")
    hidden = actions.send_message(bob, talking, "hidden", "a lantern that was hidden")
    actions.hide_message(fay, Message.objects.get(pk=hidden.message_id))
    _hold_everything(monkeypatch)
    actions.send_message(bob, talking, "held", "a lantern waiting for review")
    actions.create_thread(bob, talking, "Lights", "a lantern post waiting for review")
    page = _search(alice, talking, "lantern")
    assert "a lantern by the window" in page
    for text in (
        "a lantern that was hidden",
        "a lantern waiting for review",
        "a lantern post waiting for review",
    ):
        assert text not in page
    # The author sees their own held words, never the hidden ones.
    own = _search(bob, talking, "lantern")
    assert "a lantern waiting for review" in own and "a lantern post waiting for review" in own
    assert "a lantern that was hidden" not in own


@postgres_only
def test_other_forms_of_a_word_are_found_in_an_english_group(
    talking: Any, alice: Any, bob: Any
) -> None:
    assert talking.language == "en"
    actions.send_message(alice, talking, "m1", "I walked to the park after dinner")
    actions.send_message(alice, talking, "m2", "Nothing about that here")
    actions.create_thread(bob, talking, "Moving", "Short walks help me most days")
    page = _search(bob, talking, "walking")
    assert "I walked to the park after dinner" in page and "Short walks help me most days" in page
    assert "Nothing about that here" not in page
    assert "other forms" in page  # the page says how search works


@postgres_only
def test_a_group_that_changes_to_spanish_matches_spanish_word_forms(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    actions.send_message(alice, talking, "m1", "Ayer caminé con mi hermana")
    actions.create_thread(alice, talking, "Paseos", "Caminamos cada tarde")
    assert "Ayer caminé" not in _search(bob, talking, "caminando")  # English stems don't know it
    update_group(talking, editor=fay, language="es")
    page = _search(bob, talking, "caminando")
    assert "Ayer caminé con mi hermana" in page and "Caminamos cada tarde" in page
    actions.send_message(alice, talking, "m2", "Hoy caminaré otra vez")
    assert "Hoy caminaré otra vez" in _search(bob, talking, "caminar")


@postgres_only
def test_the_best_matches_come_first(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(
        alice, talking, "m1", "Sleep, sleep and more sleep: I slept badly, sleeping is hard"
    )
    actions.send_message(alice, talking, "m2", "I made soup; then sleep")
    actions.send_message(alice, talking, "m3", "A quiet day")
    assert _found_messages(bob, talking, "sleep") == [
        "Sleep, sleep and more sleep: I slept badly, sleeping is hard",
        "I made soup; then sleep",
    ]


@postgres_only
def test_phrases_and_left_out_words(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(alice, talking, "m1", "It was a long night again")
    actions.send_message(alice, talking, "m2", "The night felt long")
    actions.send_message(alice, talking, "m3", "Tired after work")
    actions.send_message(alice, talking, "m4", "Tired but calm")
    assert _found_messages(bob, talking, '"long night"') == ["It was a long night again"]
    assert _found_messages(bob, talking, "tired -work") == ["Tired but calm"]
    assert sorted(_found_messages(bob, talking, "calm or work")) == [
        "Tired after work",
        "Tired but calm",
    ]


@postgres_only
def test_words_too_common_to_index_are_found_as_typed(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(alice, talking, "m1", "Why me, why now")
    assert _found_messages(bob, talking, "why") == ["Why me, why now"]


@postgres_only
def test_word_forms_never_reveal_held_or_hidden_messages(
    talking: Any, alice: Any, bob: Any, fay: Any, monkeypatch: Any
) -> None:
    hidden = actions.send_message(bob, talking, "hidden", "I walked and it was hidden")
    actions.hide_message(fay, Message.objects.get(pk=hidden.message_id))
    _hold_everything(monkeypatch)
    actions.send_message(bob, talking, "held", "I walked and it is held")
    actions.create_thread(bob, talking, "Walks", "A walker's thread post that is held")
    page = _search(alice, talking, "walking")
    assert "I walked" not in page and "walker" not in page
    assert "Nothing found in the live room." in page and "Nothing found in threads." in page
    assert _found_messages(bob, talking, "walking") == ["I walked and it is held"]


@postgres_only
def test_erased_words_cannot_be_found(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(alice, talking, "m1", "my lighthouse story")
    actions.create_thread(alice, talking, "Coast", "a lighthouse post")
    erase_account(alice, confirm_handle="alice")
    assert "Nothing found in the live room." in _search(bob, talking, "lighthouse")
    assert not Message.objects.filter(author=alice, search_vector__isnull=False).exists()
    assert not ThreadPost.objects.filter(author=alice, search_vector__isnull=False).exists()
