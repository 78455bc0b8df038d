"""When Redis goes away and comes back, live events cross processes again as soon as it answers.

A publish that fails pauses sending for a few seconds (so an outage never stalls the caller). The
pause used to outlive the outage: after a Redis restart, every event a process published in the
rest of the pause reached only its own sockets. Now the subscriber, once subscribed again, ends
the pause at once. These tests run their own Redis server on a free port (never the shared one),
so they can stop and start it.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from alongside.core import events, transport

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


class PrivateRedis:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.dir = Path(tempfile.mkdtemp(prefix="alongside-redis-"))
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/3"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("the private Redis did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture
def private_redis(settings: Any) -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    settings.REDIS_URL = server.url
    try:
        yield server
    finally:
        server.stop()
        transport._sender.down_until.pop(server.url, None)
        shutil.rmtree(server.dir, ignore_errors=True)


def _spy(url: str) -> Any:
    pubsub = redis.Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(transport.channel_for(url))
    return pubsub


def _heard(pubsub: Any, mark: str) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        message = pubsub.get_message(timeout=0.2)
        if message and mark in message["data"].decode():
            return True
    return False


def _publish(mark: str) -> None:
    events.publish(events.make_event(events.SAFETY_NOTICE, {"notice": mark}, user_ids=[7]))


def _listen_once_in_own_loop() -> None:
    """A server process's subscriber task: subscribe (Redis answers again), then stop."""

    def target() -> None:
        async def main() -> None:
            try:
                await events.listen()
            finally:
                await events.stop_listening()

        asyncio.run(main())

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()


def test_after_a_redis_restart_events_reach_the_other_processes_once_the_subscriber_is_back(
    private_redis: PrivateRedis,
) -> None:
    spy = _spy(private_redis.url)
    _publish("before the outage")
    assert _heard(spy, "before the outage")

    private_redis.stop()
    _publish("during the outage")  # dropped for the others (the database keeps room messages)

    private_redis.start()
    _listen_once_in_own_loop()
    spy = _spy(private_redis.url)
    _publish("after the restart")
    assert _heard(spy, "after the restart")


def test_recovery_told_by_many_threads_at_once_is_no_error(
    private_redis: PrivateRedis, caplog: Any
) -> None:
    private_redis.stop()
    _publish("during the outage")
    private_redis.start()
    errors: list[BaseException] = []

    def recover() -> None:
        try:
            transport._sender.mark_up(private_redis.url)
            _publish("after")
        except BaseException as exc:  # noqa: BLE001 - the finding is any exception at all
            errors.append(exc)

    threads = [threading.Thread(target=recover) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert not transport._sender.is_down(private_redis.url)
    assert sum("Redis answers again" in r.getMessage() for r in caplog.records) == 1
