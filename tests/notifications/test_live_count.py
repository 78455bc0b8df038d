"""The header's unread count changes live on the person's open pages (/ws/me/), and only theirs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from channels.db import database_sync_to_async
from django.db import connections

from alongside.notifications import actions as notifications
from alongside.notifications.models import Notification
from alongside.rooms import actions
from tests.conftest import join
from tests.core.test_personal_channel import frames_until, open_channel, session_of, wait_connected
from tests.rooms.conftest import live_test

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _close_channel_connections() -> Iterator[None]:
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=10)


def reply(alice: Any, bob: Any, group: Any) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    thread, _p, _v = actions.create_thread(alice, group, "Sleep", "first")
    actions.reply_to_thread(bob, thread, "second")


@live_test
async def test_a_reply_updates_the_count_and_is_announced_to_its_person_only(
    alice: Any, bob: Any, group: Any
) -> None:
    a, a_ok, _ = await open_channel(await database_sync_to_async(session_of)(alice))
    b, b_ok, _ = await open_channel(await database_sync_to_async(session_of)(bob))
    assert a_ok and b_ok
    await wait_connected(alice)
    await database_sync_to_async(reply)(alice, bob, group)
    frame = await frames_until(a, notifications.NEW)
    [region] = frame["regions"]
    assert region["id"] == "notifications-bell" and '<span class="count-badge">1<' in region["html"]
    assert (
        frame["announce"]
        == "New notification: bob replied to your thread in Evening Depression Support."
    )
    assert await b.receive_nothing(timeout=0.3)

    # Read on another page: this one's count goes down too.
    n = await database_sync_to_async(Notification.objects.get)(user=alice)
    await database_sync_to_async(notifications.mark_read)(alice, n)
    frame = await frames_until(a, notifications.READ)
    assert "count-badge" not in frame["regions"][0]["html"]
    await a.disconnect()
    await b.disconnect()


@live_test
async def test_a_page_that_reconnects_gets_the_current_count(
    alice: Any, bob: Any, group: Any
) -> None:
    await database_sync_to_async(reply)(alice, bob, group)
    a, ok, _ = await open_channel(await database_sync_to_async(session_of)(alice))
    assert ok
    frame = await frames_until(a, notifications.NEW)
    assert '<span class="count-badge">1<' in frame["regions"][0]["html"] and "announce" not in frame
    await a.disconnect()
