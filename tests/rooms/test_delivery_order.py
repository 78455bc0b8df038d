"""Each connection delivers strictly in sequence: early frames wait, missing ones come from the
database, duplicates are dropped, and a client too far behind is told to resume."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from alongside.rooms import actions, consumers, live
from tests.rooms.conftest import connect, live_test

pytestmark = [pytest.mark.django_db(transaction=True)]


def _store_without_broadcast(user: Any, group: Any, n: int) -> list[dict[str, Any]]:
    items = [actions.prepare_room_message(user, group, f"quiet-{i}", f"quiet {i}", True)[0] for i in range(n)]
    return [s.payload for s in actions.store_room_messages(items, set())]


@live_test
async def test_frames_out_of_order_or_missing_still_arrive_in_order_once(talking: Any, alice: Any, bob: Any) -> None:
    b, _ = await connect(bob, talking)
    payloads = await database_sync_to_async(_store_without_broadcast)(alice, talking, 4)
    hub = live.get_hub()
    # Frames 1 and 2 "went missing" (e.g. a dropped pub/sub frame); 4 arrives before 3; 4 twice.
    hub.publish_message(talking.pk, alice.pk, payloads[3])
    hub.publish_message(talking.pk, alice.pk, payloads[2])
    hub.publish_message(talking.pk, alice.pk, payloads[3])
    got = await b.messages(4)
    assert [m["seq"] for m in got] == [1, 2, 3, 4]
    assert await b.nothing_more()
    await b.close()


@live_test
async def test_a_client_too_far_behind_is_told_to_resume(talking: Any, alice: Any, bob: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(consumers, "MAX_OUTBOX", 3)
    b, _ = await connect(bob, talking)
    payloads = await database_sync_to_async(_store_without_broadcast)(alice, talking, 10)
    hub = live.get_hub()
    for p in payloads:  # all at once, before the connection's sender task can run
        hub.publish_message(talking.pk, alice.pk, p)
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
