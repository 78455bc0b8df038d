"""Rooms and threads open at the first message a member has not read; the home page counts them."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from alongside.rooms import actions, queries
from alongside.rooms.models import RoomRead
from tests.conftest import client_for
from tests.rooms.conftest import connect, live_test


def say(user: Any, group: Any, *texts: str) -> None:
    for i, text in enumerate(texts):
        actions.send_message(user, group, f"{user.handle}-{text}-{i}", text)


def room_page(user: Any, group: Any) -> str:
    return client_for(user).get(reverse("rooms:room", args=[group.slug])).content.decode()


def test_the_room_opens_at_the_first_message_i_have_not_read(
    talking: Any, alice: Any, bob: Any
) -> None:
    say(alice, talking, "one", "two")
    room_page(bob, talking)  # bob has read up to "two"
    say(alice, talking, "three", "four")
    page = room_page(bob, talking)
    assert page.index('id="first-unread"') < page.index("three") and page.index("two") < page.index(
        'id="first-unread"'
    )
    assert 'href="#first-unread"' in page
    again = room_page(
        bob, talking
    )  # all read now: no marker, the room opens at the newest as before
    assert 'id="first-unread"' not in again


def test_my_own_messages_are_never_unread(talking: Any, alice: Any, bob: Any) -> None:
    room_page(alice, talking)
    say(alice, talking, "mine")
    assert 'id="first-unread"' not in room_page(alice, talking)
    assert queries.unread_counts(alice, [talking.pk]) == {talking.pk: 0}


def test_unread_counts_cover_the_room_and_threads_and_clear_when_read(
    talking: Any, alice: Any, bob: Any
) -> None:
    say(alice, talking, "hello", "anyone?")
    thread, _post, _v = actions.create_thread(
        alice, talking, "Evenings", "What helps in the evening?"
    )
    actions.reply_to_thread(alice, thread, "Tea, for me.", "r1")
    assert queries.unread_counts(bob, [talking.pk]) == {talking.pk: 4}
    room_page(bob, talking)
    assert queries.unread_counts(bob, [talking.pk]) == {talking.pk: 2}
    client_for(bob).get(reverse("rooms:thread", args=[talking.slug, thread.pk]))
    assert queries.unread_counts(bob, [talking.pk]) == {talking.pk: 0}


def test_a_thread_opens_at_the_first_post_i_have_not_read(
    talking: Any, alice: Any, bob: Any
) -> None:
    thread, first, _v = actions.create_thread(alice, talking, "Sleep", "What helps you sleep?")
    url = reverse("rooms:thread", args=[talking.slug, thread.pk])
    client_for(bob).get(url)
    actions.reply_to_thread(alice, thread, "A walk after dinner.", "r1")
    page = client_for(bob).get(url).content.decode()
    assert (
        page.index("What helps you sleep?")
        < page.index('id="first-unread"')
        < page.index("A walk after dinner.")
    )
    assert 'href="#first-unread"' in page and "open-unread.js" in page
    assert (
        'id="first-unread"' not in client_for(bob).get(url).content.decode()
    )  # read now: opens as usual


def test_held_messages_do_not_count_as_unread_for_others(
    talking: Any, alice: Any, bob: Any
) -> None:
    from alongside.rooms.models import Message, Visibility

    room_page(bob, talking)
    say(alice, talking, "waiting")
    Message.objects.filter(group=talking).update(visibility=Visibility.HELD)
    assert queries.unread_counts(bob, [talking.pk]) == {talking.pk: 0}


def test_someone_who_is_not_a_member_has_no_unread_count(
    talking: Any, carol: Any, alice: Any
) -> None:
    say(alice, talking, "hello")
    assert queries.unread_counts(carol, [talking.pk]) == {}


@pytest.mark.django_db(transaction=True)
@live_test
async def test_reading_live_moves_the_marker_so_the_next_visit_opens_after_it(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    for i in range(3):
        await a.send(f"c{i}", f"message {i}")
    await b.messages(3)
    await b.comm.send_json_to({"type": "read", "seq": 3})
    await b.comm.send_json_to({"type": "read", "seq": 99})  # beyond the newest: capped
    await b.comm.send_json_to({"type": "ping"})
    await b.until("pong")
    marker = await database_sync_to_async(
        lambda: RoomRead.objects.get(user=bob, group=talking).last_seq
    )()
    assert marker == 3
    first = await database_sync_to_async(queries.first_unread_seq)(bob, talking)
    assert first is None
    await a.close()
    await b.close()


def test_erasing_my_account_forgets_how_far_i_had_read(talking: Any, alice: Any, bob: Any) -> None:
    from alongside.accounts.actions import erase_account
    from alongside.rooms.models import ThreadRead

    say(alice, talking, "hello")
    thread, _post, _v = actions.create_thread(alice, talking, "Sleep", "What helps?")
    room_page(bob, talking)
    client_for(bob).get(reverse("rooms:thread", args=[talking.slug, thread.pk]))
    assert (
        RoomRead.objects.filter(user=bob).exists() and ThreadRead.objects.filter(user=bob).exists()
    )
    erase_account(bob, confirm_handle="bob")
    assert (
        not RoomRead.objects.filter(user=bob).exists()
        and not ThreadRead.objects.filter(user=bob).exists()
    )
