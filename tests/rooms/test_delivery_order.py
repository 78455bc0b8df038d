"""Each connection delivers strictly in sequence: early frames wait, missing ones come from the
database, duplicates are dropped, and a client too far behind is told to resume."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from alongside.core import events
from alongside.rooms import actions, consumers
from tests.rooms.conftest import connect, live_test

pytestmark = [pytest.mark.django_db(transaction=True)]


def _store_without_broadcast(
    user: Any, group: Any, n: int, monkeypatch: Any
) -> list[dict[str, Any]]:
    """Store n messages whose events all go missing (as pub/sub may drop them)."""
    items = [actions.screened_message(user, group, f"quiet-{i}", f"quiet {i}") for i in range(n)]
    with monkeypatch.context() as m:
        m.setattr(events, "publish_all", lambda _events: None)
        outcomes = actions.store_room_messages(items)
    return [o.payload for o in outcomes if isinstance(o, actions.Stored)]


def _arrives(group: Any, author: Any, payload: dict[str, Any]) -> None:
    """The event of a stored message reaches this process (late, or again)."""
    events.deliver_locally(
        events.make_event(
            events.ROOM_MESSAGE, {"message": payload, "author_id": author.pk}, group_id=group.pk
        )
    )


@live_test
async def test_frames_out_of_order_or_missing_still_arrive_in_order_once(
    talking: Any, alice: Any, bob: Any, monkeypatch: Any
) -> None:
    b, _ = await connect(bob, talking)
    payloads = await database_sync_to_async(_store_without_broadcast)(
        alice, talking, 4, monkeypatch
    )
    # Events 1 and 2 "went missing" (e.g. dropped by pub/sub); 4 arrives before 3; 4 twice.
    _arrives(talking, alice, payloads[3])
    _arrives(talking, alice, payloads[2])
    _arrives(talking, alice, payloads[3])
    got = await b.messages(4)
    assert [m["seq"] for m in got] == [1, 2, 3, 4]
    assert await b.nothing_more()
    await b.close()


@live_test
async def test_a_client_too_far_behind_is_told_to_resume(
    talking: Any, alice: Any, bob: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(consumers, "MAX_OUTBOX", 3)
    b, _ = await connect(bob, talking)
    payloads = await database_sync_to_async(_store_without_broadcast)(
        alice, talking, 10, monkeypatch
    )
    for p in payloads:  # all at once, before the connection's sender task can run
        _arrives(talking, alice, p)
    while True:
        out = await b.comm.receive_output(timeout=5)
        if out["type"] == "websocket.close":
            assert out["code"] == consumers.CLOSE_RESUME
            break
    # Reconnecting with the last seq it saw gets the rest, in order.
    monkeypatch.undo()
    b2, _ = await connect(bob, talking, after=0)
    assert [m["seq"] for m in await b2.messages(10)] == list(range(1, 11))
    await b2.close()
