"""The live room over WebSocket: order, idempotent resend, resume, permissions, moderation."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from alongside.core import events
from alongside.rooms import actions, live
from alongside.rooms.models import Message
from alongside.safety.screening import Verdict
from tests.conftest import join
from tests.rooms.conftest import connect, live_test

pytestmark = [pytest.mark.django_db(transaction=True)]


@live_test
async def test_messages_arrive_in_order_with_gap_free_sequence_numbers(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    acks = [await a.send(f"id-{i}", f"message {i}") for i in range(20)]
    assert [ack["seq"] for ack in acks] == list(range(1, 21))
    got = await b.messages(20)
    assert [m["seq"] for m in got] == list(range(1, 21))
    assert [m["html"] for m in got] == [f"<p>message {i}</p>" for i in range(20)]
    assert all(m["author"] == "alice" for m in got)
    await a.close()
    await b.close()


@live_test
async def test_a_resend_with_the_same_client_id_is_stored_once(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    first = await a.send("same-id", "hello")
    again = await a.send("same-id", "hello")
    assert first["seq"] == again["seq"] == 1
    assert not first["duplicate"] and again["duplicate"]
    assert len(await b.messages(1)) == 1
    assert await b.nothing_more()
    assert await database_sync_to_async(Message.objects.count)() == 1
    await a.close()
    await b.close()


@live_test
async def test_a_reconnecting_client_gets_exactly_what_it_missed_then_live(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    for i in range(3):
        await a.send(f"before-{i}", f"before {i}")
    seen = await b.messages(3)
    await b.close()
    for i in range(5):
        await a.send(f"missed-{i}", f"missed {i}")
    b2, _ = await connect(bob, talking, after=seen[-1]["seq"])
    # connect() waited for "synced": the missed ones were all sent before it, in order.
    await a.send("live", "live one")
    got = await b2.messages(6)
    assert [m["seq"] for m in got] == [4, 5, 6, 7, 8, 9]
    assert got[-1]["html"] == "<p>live one</p>"
    assert await b2.nothing_more()
    await a.close()
    await b2.close()


@live_test
async def test_a_listener_cannot_post(group: Any, alice: Any, carol: Any) -> None:
    await database_sync_to_async(join)(carol, group)  # joins as a listener
    c, connected = await connect(carol, group)
    assert connected
    reply = await c.send("x", "hello")
    assert reply["type"] == "error" and reply["code"] == "not_allowed"
    assert "listening" in reply["message"]
    assert await database_sync_to_async(Message.objects.count)() == 0
    await c.close()


@live_test
async def test_a_non_member_cannot_connect(group: Any, carol: Any) -> None:
    _c, connected = await connect(carol, group)
    assert not connected


@live_test
async def test_a_hidden_message_disappears_for_everyone_live(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    await a.send("m1", "something to hide")
    await b.messages(1)
    message = await database_sync_to_async(Message.objects.select_related("group", "author").get)(
        seq=1
    )
    await database_sync_to_async(actions.hide_message)(fay, message)
    assert (await a.until("hide"))["seq"] == 1
    assert (await b.until("hide"))["seq"] == 1
    # Reconnecting from the start, it is only a placeholder that keeps the sequence whole.
    b2, _ = await connect(bob, talking, after=0)
    assert (await b2.messages(1))[0] == {"seq": 1, "visible": False}
    for c in (a, b, b2):
        await c.close()


@live_test
async def test_a_message_stored_before_a_crash_reaches_clients_when_they_resume(
    talking: Any, alice: Any, bob: Any, monkeypatch: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)

    def die(_events: Any) -> None:
        raise RuntimeError("server died between store and broadcast")

    monkeypatch.setattr(events, "publish_all", die)  # the commit happened; nothing after it does
    reply = await a.send("survivor", "please don't lose me")
    assert reply["type"] == "error"  # no ack: the client keeps it and will resend
    assert await b.nothing_more()
    await a.close()
    await b.close()
    monkeypatch.undo()
    live.close_all_hubs()  # the "restart": a new hub, nothing in memory

    b2, _ = await connect(bob, talking, after=0)
    got = await b2.messages(1)
    assert got[0]["seq"] == 1 and got[0]["client_id"] == "survivor"
    assert "lose me" in got[0]["html"]
    await b2.close()
    a2, _ = await connect(alice, talking, after=1)
    resent = await a2.send("survivor", "please don't lose me")
    assert resent["type"] == "ack" and resent["seq"] == 1 and resent["duplicate"]
    assert await database_sync_to_async(Message.objects.count)() == 1
    await a2.close()


@live_test
async def test_a_held_message_is_seen_only_by_its_author_and_staff(
    talking: Any, alice: Any, bob: Any, fay: Any, monkeypatch: Any
) -> None:
    held = Verdict(
        visibility="held",
        author_notice="You're not alone. Here are people you can talk to now.",
        resources=({"name": "Samaritans", "phone": "116 123"},),
    )
    monkeypatch.setattr(actions, "screen", lambda text, author, group: held)
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    f, _ = await connect(fay, talking)
    ack = await a.send("h1", "a hard day")
    assert ack["visibility"] == "held"
    assert ack["notice"].startswith("You're not alone")
    assert ack["resources"][0]["name"] == "Samaritans"
    assert (await b.messages(1))[0] == {"seq": 1, "visible": False}
    assert (await f.messages(1))[0]["html"] == "<p>a hard day</p>"
    assert (await a.messages(1))[0]["visibility"] == "held"
    # A moderator approves it: it appears for everyone.
    message = await database_sync_to_async(Message.objects.select_related("group", "author").get)(
        seq=1
    )
    await database_sync_to_async(actions.set_message_visibility)(message, "visible", fay)
    shown = await b.until("show")
    assert shown["message"]["html"] == "<p>a hard day</p>"
    for c in (a, b, f):
        await c.close()


@live_test
async def test_too_long_and_empty_messages_are_refused_clearly(talking: Any, alice: Any) -> None:
    a, _ = await connect(alice, talking)
    long = await a.send("long", "x" * 5000)
    assert long["code"] == "too_long" and "4000" in long["message"]
    empty = await a.send("empty", "   ")
    assert empty["code"] == "empty"
    await a.close()


@live_test
async def test_facilitators_can_lock_the_room_and_slow_it_down(
    talking: Any, alice: Any, fay: Any
) -> None:
    a, _ = await connect(alice, talking)
    await database_sync_to_async(actions.set_room_state)(fay, talking, locked=True)
    state = await a.until("room")
    assert state["locked"] is True
    assert (await a.send("l1", "hello"))["code"] == "locked"
    f, _ = await connect(fay, talking)
    assert (await f.send("f1", "facilitators can still post"))["type"] == "ack"
    await database_sync_to_async(actions.set_room_state)(
        fay, talking, locked=False, slow_mode_seconds=30
    )
    await a.until("room")
    assert (await a.send("s1", "one"))["type"] == "ack"
    slow = await a.send("s2", "two")
    assert slow["code"] == "slow_mode" and "30" in slow["message"]
    await a.close()
    await f.close()


@live_test
async def test_presence_lists_who_is_in_the_room_by_handle(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    frame = await a.until("presence")
    while frame["handles"] != ["alice", "bob"]:
        frame = await a.until("presence")
    await b.close()
    frame = await a.until("presence")
    assert frame["handles"] == ["alice"]
    await a.close()


@live_test
async def test_another_apps_event_for_the_group_reaches_every_client_as_an_event(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    await database_sync_to_async(events.publish_on_commit)(
        events.MEETING_LIVE, {"kind": "meeting_started", "meeting": 3}, group_id=talking.pk
    )
    for c in (a, b):
        assert (await c.until("event"))["event"] == {"kind": "meeting_started", "meeting": 3}
        await c.close()


@live_test
async def test_history_pages_back_through_older_messages(talking: Any, alice: Any) -> None:
    for i in range(60):
        await database_sync_to_async(actions.send_message)(alice, talking, f"h{i}", f"old {i}")
    a, _ = await connect(alice, talking)
    await a.comm.send_json_to({"type": "history", "before": 11})
    page = await a.until("history")
    assert [m["seq"] for m in page["messages"]] == list(range(1, 11))
    assert page["more"] is False
    await a.comm.send_json_to({"type": "history", "before": 61})
    page = await a.until("history")
    assert len(page["messages"]) == 50 and page["messages"][0]["seq"] == 11 and page["more"] is True
    await a.close()


@live_test
async def test_the_first_frame_is_hello_with_everyone_present(
    talking: Any, alice: Any, bob: Any
) -> None:
    b, _ = await connect(bob, talking)
    a, _ = await connect(alice, talking)
    first = await a.recv()
    assert first["type"] == "hello"
    assert first["you"] == {"handle": "alice", "can_post": True, "reason": "", "is_staff": False}
    assert first["presence"] == ["alice", "bob"]
    assert (await b.until("presence"))["handles"] == ["alice", "bob"]
    await a.close()
    await b.close()


@live_test
async def test_text_that_cannot_be_stored_is_refused_clearly_and_harms_nobody_elses_message(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    await a.comm.send_json_to({"type": "send", "client_id": "nul", "text": "a\x00b"})
    await a.comm.send_json_to({"type": "send", "client_id": "lone", "text": "half a pair \ud800"})
    ok = await b.send("fine", "an ordinary message")
    assert ok["type"] == "ack" and ok["seq"] == 1
    for client_id in ("nul", "lone"):
        refused = await a.until("error")
        assert refused["client_id"] == client_id and refused["code"] == "bad_text"
        assert "retry_after" not in refused  # the client gives the words back to edit
    assert await database_sync_to_async(Message.objects.count)() == 1
    await a.close()
    await b.close()


@live_test
async def test_a_private_notice_reaches_only_its_authors_sockets(
    talking: Any, alice: Any, bob: Any
) -> None:
    from alongside.safety import content

    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    stored = await a.send("m1", "a message the second look read")
    await database_sync_to_async(content.tell_author)(
        "room_message",
        (await database_sync_to_async(Message.objects.get)(seq=stored["seq"])).pk,
        "You're not alone.",
        [{"name": "Samaritans", "phone": "116 123"}],
    )
    notice = await a.until("notice")
    assert (
        notice["notice"] == "You're not alone." and notice["resources"][0]["name"] == "Samaritans"
    )
    await b.messages(1)
    assert await b.comm.receive_nothing(timeout=0.3)
    await a.close()
    await b.close()


@live_test
async def test_a_room_still_works_when_redis_does_not_answer(
    talking: Any, alice: Any, bob: Any, settings: Any
) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # configured, but nothing listens there
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    assert (await a.send("m1", "still here"))["type"] == "ack"
    assert (await b.messages(1))[0]["html"] == "<p>still here</p>"  # this process's sockets get it
    await a.close()
    await b.close()
