from __future__ import annotations

import json
from typing import Any

from django.urls import reverse

from alongside.accounts.actions import erase_account
from alongside.rooms import actions
from alongside.rooms.models import Message, ThreadPost
from tests.conftest import client_for


def test_what_i_wrote_is_in_my_data_export(talking: Any, alice: Any) -> None:
    actions.send_message(alice, talking, "a1", "hello from the room")
    actions.create_thread(alice, talking, "Sleep", "what helps you sleep?")
    data = json.loads(client_for(alice).get(reverse("accounts:download_my_data")).content)
    assert data["rooms"]["room_messages"][0]["text"] == "hello from the room"
    assert data["rooms"]["thread_posts"][0]["text"] == "what helps you sleep?"


def test_erasing_my_account_removes_what_i_wrote_but_keeps_the_room_in_order(
    talking: Any, alice: Any, bob: Any
) -> None:
    actions.send_message(alice, talking, "a1", "my words")
    actions.send_message(bob, talking, "b1", "bob's words")
    erase_account(alice, confirm_handle="alice")
    mine = Message.objects.get(author=alice)
    assert mine.text == "" and mine.visibility == "hidden"
    assert Message.objects.get(author=bob).text == "bob's words"
    assert sorted(Message.objects.values_list("seq", flat=True)) == [1, 2]
    assert not ThreadPost.objects.filter(author=alice).exclude(text="").exists()
