"""Two real server processes share a room through Redis and PostgreSQL: a message sent through
one reaches a client of the other, and sequence numbers stay gap-free."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client

from alongside.core import events
from alongside.rooms.models import Message
from tests.rooms.servers import free_port, start_server, stop_server

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SECRET = "scale-out-test-secret-key-that-is-long-enough-0123456789"


def _start_two_servers(settings: Any, rate_limit: str) -> Iterator[list[int]]:
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    settings.SECRET_KEY = SECRET
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    redis = os.environ.get("REDIS_URL") or os.environ.get(
        "ALONGSIDE_TEST_REDIS", "redis://127.0.0.1:6379/1"
    )
    settings.REDIS_URL = redis  # events published by this test process go through it too
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": redis,
        "SECRET_KEY": SECRET,
        "ALONGSIDE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALONGSIDE_ROOM_RATE_LIMIT": rate_limit,
    }
    ports = [free_port(), free_port()]
    procs = []
    try:
        for port in ports:
            procs.append(start_server(port, env))
        yield ports
    finally:
        for proc in procs:
            stop_server(proc)


@pytest.fixture
def two_servers(settings: Any) -> Iterator[list[int]]:
    yield from _start_two_servers(settings, "1000/10")


@pytest.fixture
def two_strict_servers(settings: Any) -> Iterator[list[int]]:
    """Two server processes allowing 3 messages per person per room per minute."""
    yield from _start_two_servers(settings, "3/60")


def _capture(fn: Any) -> Any:
    try:
        return fn()
    except BaseException as exc:
        return exc


def _cookie(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def _talk(
    ports: list[int], slug: str, group_id: int, cookies: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]:
    from websockets.asyncio.client import connect

    def ws(port: int, who: str) -> Any:
        return connect(
            f"ws://127.0.0.1:{port}/ws/rooms/{slug}/?after=0",
            additional_headers={"Cookie": cookies[who], "Origin": f"http://127.0.0.1:{port}"},
        )

    async with ws(ports[0], "alice") as a, ws(ports[1], "bob") as b:
        received: dict[str, list[dict[str, Any]]] = {"alice": [], "bob": []}
        acks: list[int] = []

        async def read(sock: Any, who: str, until: int) -> None:
            own_acks = 0
            async for raw in sock:
                frame = json.loads(raw)
                if frame["type"] == "message":
                    received[who].append(frame["message"])
                elif frame["type"] == "ack":
                    acks.append(frame["seq"])
                    own_acks += 1
                if len(received[who]) >= until and own_acks >= until // 2:
                    return

        readers = [
            asyncio.create_task(read(a, "alice", 40)),
            asyncio.create_task(read(b, "bob", 40)),
        ]
        await asyncio.sleep(0.3)  # both joined
        for i in range(20):  # both send at once, through different processes
            await a.send(
                json.dumps({"type": "send", "client_id": f"a{i}", "text": f"from alice {i}"})
            )
            await b.send(
                json.dumps({"type": "send", "client_id": f"b{i}", "text": f"from bob {i}"})
            )
        await asyncio.wait_for(asyncio.gather(*readers), timeout=20)

        # Another app's event, published by a process with no event loop of its own and no live
        # clients (as a worker is; here the test's thread), reaches the sockets of both servers.
        await asyncio.to_thread(
            events.publish_on_commit,
            events.MEETING_LIVE,
            {"kind": "meeting_started"},
            group_id=group_id,
        )
        for sock in (a, b):
            while (frame := json.loads(await asyncio.wait_for(sock.recv(), 10)))["type"] != "event":
                pass
            assert frame["event"] == {"kind": "meeting_started"}
        return received["alice"], received["bob"], acks


def test_a_message_sent_through_one_server_reaches_a_client_of_the_other(
    two_servers: list[int], talking: Any, alice: Any, bob: Any
) -> None:
    cookies = {"alice": _cookie(alice), "bob": _cookie(bob)}
    outcome: list[Any] = []
    # Its own thread and loop: Playwright's sync API may have left a running loop on this one.
    thread = threading.Thread(
        target=lambda: outcome.append(
            _capture(lambda: asyncio.run(_talk(two_servers, talking.slug, talking.pk, cookies)))
        )
    )
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    at_alice, at_bob, acks = outcome[0]
    for got in (at_alice, at_bob):
        assert [m["seq"] for m in got] == list(range(1, 41))  # gap-free, in order, no duplicate
        assert sum(1 for m in got if m["author"] == "alice") == 20
        assert sum(1 for m in got if m["author"] == "bob") == 20
    assert at_alice == at_bob
    assert sorted(acks) == list(range(1, 41))
    # Each person's messages stay in the order they sent them.
    texts = [m["html"] for m in at_bob if m["author"] == "alice"]
    assert texts == [f"<p>from alice {i}</p>" for i in range(20)]


async def _send_through_both(ports: list[int], slug: str, cookie: str) -> list[dict[str, Any]]:
    """One person connected to the same room through both servers sends alternately."""
    from websockets.asyncio.client import connect

    def ws(port: int) -> Any:
        return connect(
            f"ws://127.0.0.1:{port}/ws/rooms/{slug}/",
            additional_headers={"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"},
        )

    async def send(sock: Any, client_id: str) -> dict[str, Any]:
        await sock.send(
            json.dumps({"type": "send", "client_id": client_id, "text": f"text {client_id}"})
        )
        while True:
            frame = json.loads(await asyncio.wait_for(sock.recv(), 10))
            if frame["type"] in ("ack", "error") and frame["client_id"] == client_id:
                return frame  # type: ignore[no-any-return]

    async with ws(ports[0]) as first, ws(ports[1]) as second:
        return [
            await send(first, "1"),
            await send(second, "2"),
            await send(first, "3"),
            await send(second, "4"),
            await send(first, "5"),
        ]


def test_the_rate_limit_holds_across_server_processes(
    two_strict_servers: list[int], talking: Any, alice: Any
) -> None:
    cookie = _cookie(alice)
    outcome: list[Any] = []
    thread = threading.Thread(
        target=lambda: outcome.append(
            _capture(
                lambda: asyncio.run(_send_through_both(two_strict_servers, talking.slug, cookie))
            )
        )
    )
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    frames = outcome[0]
    assert [f["type"] for f in frames] == ["ack", "ack", "ack", "error", "error"]
    for refused in frames[3:]:
        assert refused["code"] == "rate_limited" and 55 <= refused["retry_after"] <= 61
    # Only the three accepted messages were stored; the refused ones stay with the sender to retry.
    assert sorted(Message.objects.filter(author=alice).values_list("text", flat=True)) == [
        "text 1",
        "text 2",
        "text 3",
    ]
