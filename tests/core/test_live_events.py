"""Live events reach subscribers in this process after the commit and, through Redis, in every
other process — e.g. a worker's notice reaches a web server's sockets."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.db import transaction

from alongside.core import events, transport

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get(
    "ALONGSIDE_TEST_REDIS", "redis://127.0.0.1:6379/13"
)


@pytest.fixture
def received() -> Iterator[list[events.Event]]:
    got: list[events.Event] = []
    events.subscribe(got.append)
    yield got
    events.unsubscribe(got.append)


def test_an_event_is_published_only_once_its_transaction_commits(
    transactional_db: Any, received: list[events.Event]
) -> None:
    with transaction.atomic():
        events.publish_on_commit(events.SAFETY_NOTICE, {"notice": "hi"}, user_ids=[7])
        assert received == []
    assert [(e.kind, e.user_ids, e.payload) for e in received] == [
        (events.SAFETY_NOTICE, (7,), {"notice": "hi"})
    ]


def test_a_rolled_back_change_tells_nobody(
    transactional_db: Any, received: list[events.Event]
) -> None:
    with transaction.atomic():
        events.publish_on_commit(events.SAFETY_NOTICE, {"notice": "never"}, user_ids=[7])
        transaction.set_rollback(True)
    assert received == []


def test_one_failing_subscriber_does_not_stop_the_others(received: list[events.Event]) -> None:
    def broken(_event: events.Event) -> None:
        raise RuntimeError("a subscriber with a bug")

    events.subscribe(broken)
    try:
        events.publish(events.make_event(events.ROOM_CONTROL, {"type": "room"}, group_id=1))
    finally:
        events.unsubscribe(broken)
    assert len(received) == 1


# -- between processes, through Redis ---------------------------------------------------------


@pytest.fixture
def redis_url(settings: Any) -> str:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    finally:
        client.close()
    settings.REDIS_URL = REDIS_URL
    return REDIS_URL


def _in_own_loop(coro_fn: Any) -> Any:
    """Run a coroutine in a fresh loop on its own thread (as a server process's loop would be)."""
    out: list[Any] = []

    def target() -> None:
        async def main() -> Any:
            try:
                return await coro_fn()
            finally:
                await events.stop_listening()

        try:
            out.append(asyncio.run(main()))
        except BaseException as exc:
            out.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


@pytest.mark.services
def test_an_event_published_by_a_worker_process_reaches_this_processs_subscribers(
    redis_url: str, received: list[events.Event]
) -> None:
    """The worker: another Python process with no event loop, publishing after a commit."""
    mark = uuid.uuid4().hex  # other test runs may share this Redis database
    code = (
        "import django; django.setup(); from alongside.core import events; "
        f"events.publish_on_commit(events.SAFETY_NOTICE, {{'notice': 'from the worker', 'mark': '{mark}'}}, "
        "group_id=5, user_ids=[42])"
    )
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        "DATABASE_URL": "",
    }

    async def listen_then_run_worker() -> None:
        await events.listen()
        await asyncio.to_thread(
            subprocess.run, [sys.executable, "-c", code], env=env, check=True, timeout=60
        )
        deadline = time.monotonic() + 10
        while (
            not any(e.payload.get("mark") == mark for e in received) and time.monotonic() < deadline
        ):
            await asyncio.sleep(0.02)

    _in_own_loop(listen_then_run_worker)
    (event,) = [e for e in received if e.payload.get("mark") == mark]
    assert (event.kind, event.group_id, event.user_ids, event.payload["notice"]) == (
        events.SAFETY_NOTICE,
        5,
        (42,),
        "from the worker",
    )


@pytest.mark.services
def test_this_processs_own_events_are_delivered_once_and_a_batch_is_one_redis_message(
    redis_url: str, received: list[events.Event]
) -> None:
    mark = uuid.uuid4().hex
    spy = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
    spy.subscribe(transport.channel_for(redis_url))
    try:

        async def publish_a_batch() -> None:
            await events.listen()
            batch = [
                events.make_event(
                    events.ROOM_MESSAGE,
                    {"message": {"seq": i}, "author_id": 1, "mark": mark},
                    group_id=3,
                )
                for i in range(1, 51)
            ]
            await asyncio.to_thread(events.publish_all, batch)
            await asyncio.sleep(0.5)  # time for an echo from Redis, were it delivered

        _in_own_loop(publish_a_batch)
        messages: list[dict[str, Any]] = []
        deadline = time.monotonic() + 1
        while time.monotonic() < deadline:
            message = spy.get_message(timeout=0.2)
            if message is not None and mark in message["data"].decode():
                messages.append(message)
    finally:
        spy.close()
    assert [e.payload["message"]["seq"] for e in received if e.payload.get("mark") == mark] == list(
        range(1, 51)
    )
    assert len(messages) == 1  # one PUBLISH for the whole batch


@pytest.mark.services
def test_deployments_on_other_redis_databases_do_not_hear_each_other(
    redis_url: str, received: list[events.Event], settings: Any
) -> None:
    other = redis_url.rsplit("/", 1)[0] + "/" + ("15" if not redis_url.endswith("/15") else "14")
    assert transport.channel_for(other) != transport.channel_for(redis_url)
    client = redis.Redis.from_url(other)
    try:

        async def listen_then_hear_the_other() -> None:
            await events.listen()
            wire = {
                "origin": "another-deployment",
                "events": [
                    events.make_event(
                        events.SAFETY_NOTICE, {"notice": "not for us"}, user_ids=[1]
                    ).to_wire()
                ],
            }
            await asyncio.to_thread(
                client.publish, transport.channel_for(other), transport.dumps(wire)
            )
            await asyncio.sleep(0.5)

        _in_own_loop(listen_then_hear_the_other)
    finally:
        client.close()
    assert not [e for e in received if e.payload.get("notice") == "not for us"]


def test_when_redis_does_not_answer_publishing_neither_fails_nor_waits(
    settings: Any, received: list[events.Event], caplog: Any
) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:9/9"  # nothing listens there (a URL no other test uses)
    started = time.monotonic()
    for _ in range(20):
        events.publish(events.make_event(events.ROOM_CONTROL, {"type": "room"}, group_id=1))
    # One short attempt, then events stay local for a while: not a wait per event (20 × the
    # connect timeout). Generous, as the machine may be busy.
    assert time.monotonic() - started < 6
    assert len(received) == 20  # this process's subscribers still get every one
    assert sum("Redis did not answer" in r.getMessage() for r in caplog.records) == 1
