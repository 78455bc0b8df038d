"""Helpers for live-room tests: WebSocket clients for named people, and a fresh hub per test."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from alongside.rooms import live, ratelimit
from alongside.rooms.routing import websocket_urlpatterns
from tests.conftest import join, make_user


def live_test(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test in its own event loop on its own thread. (Playwright's sync API leaves a
    running loop on the main thread once the browser tests have run, and a real server process
    has its own loop too.)"""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        failure: list[BaseException] = []

        async def main() -> None:
            try:
                await fn(*args, **kwargs)
            finally:
                await live.close_hub_connections()

        def target() -> None:
            try:
                asyncio.run(main())
            except BaseException as exc:  # re-raised in the test's thread
                failure.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if failure:
            raise failure[0]

    return run


def close_live_connections() -> None:
    """Close the database connections live rooms opened in worker threads (the hubs' writers and
    asgiref's thread for database_sync_to_async), so PostgreSQL can drop the test database."""
    live.close_all_hubs()
    SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=10)


def forget_shared_rate_limits(url: str) -> None:
    """Drop the posting records the rate limit keeps in Redis: on SQLite the next test's rooms
    and people get the same ids, and must not inherit this test's recent posts."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        keys = list(client.scan_iter(f"{ratelimit.KEY_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)
    except redis.ConnectionError:
        pass  # a test that pointed REDIS_URL at a Redis that does not answer
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _fresh_hubs(settings: Any) -> Iterator[None]:
    settings.ROOM_RATE_LIMIT = "1000/10"  # the rate-limit tests set their own
    yield
    close_live_connections()
    if settings.REDIS_URL:
        forget_shared_rate_limits(settings.REDIS_URL)


@pytest.fixture
def talking(group: Any, alice: Any, bob: Any) -> Any:
    """alice and bob are participants of `group`."""
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


@pytest.fixture
def carol(db: Any) -> Any:
    return make_user("carol")


class Client:
    def __init__(self, comm: WebsocketCommunicator) -> None:
        self.comm = comm
        self.backlog: deque[dict[str, Any]] = deque()  # frames read while waiting for another

    async def recv(self, timeout: float = 5) -> dict[str, Any]:
        if self.backlog:
            return self.backlog.popleft()
        return await self.comm.receive_json_from(timeout=timeout)  # type: ignore[no-any-return]

    async def until(self, kind: str, timeout: float = 5) -> dict[str, Any]:
        while True:
            frame = await self.recv(timeout)
            if frame["type"] == kind:
                return frame

    async def messages(self, n: int, timeout: float = 5) -> list[dict[str, Any]]:
        out = []
        while len(out) < n:
            frame = await self.recv(timeout)
            if frame["type"] == "message":
                out.append(frame["message"])
        return out

    async def send(self, client_id: str, text: str) -> dict[str, Any]:
        await self.comm.send_json_to({"type": "send", "client_id": client_id, "text": text})
        skipped = []
        while True:
            frame = await self.comm.receive_json_from(timeout=5)
            if frame["type"] in ("ack", "error") and frame.get("client_id") == client_id:
                self.backlog.extend(skipped)
                return frame  # type: ignore[no-any-return]
            skipped.append(frame)

    async def nothing_more(self, wait: float = 0.3) -> bool:
        """True when no message frame arrives within `wait` seconds."""
        while self.backlog or not await self.comm.receive_nothing(timeout=wait):
            frame = await self.recv()
            if frame["type"] == "message":
                return False
        return True

    async def close(self) -> None:
        await self.comm.disconnect()


async def connect(user: Any, group: Any, after: int | None = None) -> tuple[Client, bool]:
    path = f"/ws/rooms/{group.slug}/" + (f"?after={after}" if after is not None else "")
    comm = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    comm.scope["user"] = user
    connected, _code = await comm.connect(timeout=5)
    client = Client(comm)
    if connected:  # keep what came before "synced" (the resumed messages) for the test to read
        frames = []
        while True:
            frame = await client.recv()
            frames.append(frame)
            if frame["type"] == "synced":
                break
        client.backlog.extend(frames)
    return client, connected
