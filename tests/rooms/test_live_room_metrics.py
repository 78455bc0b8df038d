"""The live room's figures on /metrics: open sockets, messages stored and delivered."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async

from tests.core.test_metrics_endpoint import TOKEN, scrape, value
from tests.rooms.conftest import connect, live_test

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _metrics_on(settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN


@live_test
async def test_open_sockets_and_messages_delivered_are_counted(
    talking: Any, alice: Any, bob: Any
) -> None:
    get = database_sync_to_async(scrape)
    before = await get()
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    during = await get()
    assert (
        value(during, "alongside_websocket_connections", channel="room")
        == value(before, "alongside_websocket_connections", channel="room") + 2
    )

    for i in range(3):
        await a.send(f"id-{i}", f"message {i}")
    assert len(await b.messages(3)) == 3
    assert len(await a.messages(3)) == 3  # the author's own socket gets them too
    after = await get()
    assert (
        value(after, "alongside_messages_stored_total", kind="room")
        == value(before, "alongside_messages_stored_total", kind="room") + 3
    )
    assert (
        value(after, "alongside_messages_delivered_total")
        == value(before, "alongside_messages_delivered_total") + 6
    )

    await a.close()
    await b.close()
    closed = await get()
    assert value(closed, "alongside_websocket_connections", channel="room") == value(
        before, "alongside_websocket_connections", channel="room"
    )
