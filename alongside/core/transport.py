"""Carries live events between processes: Redis pub/sub, through redis-py's public API.

Without REDIS_URL there is only this process and nothing here does anything. With it:

- **Sending** is synchronous and works from any thread (a web request, the rooms writer thread, an
  `alongside worker` job that is about to end): `send(events)` is one `PUBLISH` of all the events
  given, as one JSON message `{"origin": <this process>, "events": [<Event.to_wire()>, ...]}`.
  The rooms writer hands over a whole batch of stored messages at once, so a busy room costs one
  PUBLISH per batch, not one per message. If Redis does not answer, the events are dropped (logged
  once) and sending is not tried again for a few seconds — or until this process's subscriber is
  subscribed again, which proves Redis answers — so a Redis outage never stalls the caller, and
  events flow again as soon as Redis is back: the database stays the truth and live rooms fill any
  gap from it.
- **Receiving**: each process that owns an event loop (a web server) runs one subscriber task,
  started by `listen()` (the rooms hub calls it when its first socket joins; another kind of socket
  calls `alongside.core.events.listen()` itself). It hands every event from the *other* processes to
  a callback (events.py delivers it to this process's subscribers). One task per process, whichever
  loop started it; a process's own events are delivered locally when they are published.

Pub/sub channels are not per Redis database, so the channel is named after the database number in
REDIS_URL (`alongside:events:<db>`): deployments or test runs sharing a Redis server on different
databases never hear each other. Pub/sub keeps nothing for a subscriber that is reconnecting; that
is why room messages carry sequence numbers and sockets fill gaps from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import redis
import redis.asyncio
from django.conf import settings

if TYPE_CHECKING:
    from alongside.core.events import Event

log = logging.getLogger(__name__)

ORIGIN = uuid.uuid4().hex  # this process: its own events coming back from Redis are skipped
CHANNEL_PREFIX = "alongside:events"
REDIS_TIMEOUT = 0.5  # seconds: a publish must never hang on a Redis that stopped answering
RETRY_SECONDS = 5.0  # after a failed publish, drop events for this long before trying again
RECONNECT_SECONDS = 0.5
HEALTH_SECONDS = 15.0  # an idle subscriber pings Redis this often, so a dead connection is noticed
SUBSCRIBE_WAIT_SECONDS = 2.0  # listen() waits this long for the subscription, then carries on

Receiver = Callable[[dict[str, Any]], None]


def redis_url() -> str:
    return str(getattr(settings, "REDIS_URL", "") or "")


def enabled() -> bool:
    """True when events travel between processes (REDIS_URL is set)."""
    return bool(redis_url())


def channel_for(url: str) -> str:
    database = urlparse(url).path.strip("/") or "0"
    return f"{CHANNEL_PREFIX}:{database}"


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


# -- sending ---------------------------------------------------------------------------------


class _Sender:
    """One synchronous Redis client per URL for the whole process (redis-py's client is safe to
    share between threads: each command takes a connection from its pool)."""

    def __init__(self) -> None:
        self.clients: dict[str, redis.Redis] = {}
        self.lock = threading.Lock()
        self.down_until: dict[str, float] = {}  # url -> when to try again after a failure

    def client(self, url: str) -> redis.Redis:
        client = self.clients.get(url)
        if client is None:
            with self.lock:
                client = self.clients.get(url)
                if client is None:
                    client = self.clients[url] = redis.Redis.from_url(
                        url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
                    )
        return client

    def is_down(self, url: str) -> bool:
        """True while sending to this Redis is paused after a failure."""
        down_until = self.down_until.get(url)
        return down_until is not None and time.monotonic() < down_until

    def publish(self, url: str, data: str) -> None:
        if self.is_down(url):
            return
        try:
            self.client(url).publish(channel_for(url), data)
        except redis.RedisError:
            with self.lock:  # logged when an outage starts, not for every event or thread
                starting = url not in self.down_until
                self.down_until[url] = time.monotonic() + RETRY_SECONDS
            if starting:
                log.exception("Redis did not answer: live events reach only this process for now")
            return
        self.mark_up(url)

    def mark_up(self, url: str) -> None:
        """Redis answers again (a publish went through, or the subscriber is subscribed again):
        send at once instead of waiting out the pause. Safe from any thread, any number of times."""
        with self.lock:
            was_down = self.down_until.pop(url, None) is not None
        if was_down:
            log.warning("Redis answers again: live events reach every process again")


_sender = _Sender()


def send(events: Sequence[Event]) -> None:
    """Send these events to the other processes, in order, as one Redis message (nothing to do in
    one process). Call after the commit; payloads must not be changed afterwards."""
    url = redis_url()
    if not url or not events:
        return
    _sender.publish(url, dumps({"origin": ORIGIN, "events": [e.to_wire() for e in events]}))


# -- receiving -------------------------------------------------------------------------------


class _Listener:
    def __init__(self, loop: asyncio.AbstractEventLoop, url: str, receive: Receiver) -> None:
        self.loop = loop
        self.url = url
        self.receive = receive
        self.subscribed = asyncio.Event()
        self.task = loop.create_task(self.run())

    def alive(self) -> bool:
        return not self.task.done() and not self.loop.is_closed()

    async def run(self) -> None:
        while True:
            client = redis.asyncio.Redis.from_url(
                self.url, socket_connect_timeout=REDIS_TIMEOUT, health_check_interval=HEALTH_SECONDS
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(channel_for(self.url))
                _sender.mark_up(self.url)  # Redis is back: stop dropping this process's own events
                if self.subscribed.is_set():
                    log.warning("live events from other processes are arriving again")
                self.subscribed.set()
                while True:
                    message = await pubsub.get_message(timeout=HEALTH_SECONDS)
                    if message is not None and message.get("type") == "message":
                        self.handle(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("receiving live events from Redis failed; reconnecting")
                await asyncio.sleep(RECONNECT_SECONDS)
            finally:
                await pubsub.aclose()
                await client.aclose()

    def handle(self, data: bytes | str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            log.warning("an unreadable live event message was ignored")
            return
        if not isinstance(message, dict) or message.get("origin") == ORIGIN:
            return  # our own: delivered in this process when it was published
        for wire in message.get("events") or ():
            try:
                self.receive(wire)
            except Exception:
                log.exception("could not deliver a live event from another process")


_listener: _Listener | None = None
_listener_lock = threading.Lock()


async def listen(receive: Receiver) -> None:
    """Make sure this process receives the other processes' events (one subscriber task per
    process, on the running loop if none is alive) and return once it is subscribed. Idempotent;
    does nothing without Redis."""
    global _listener
    url = redis_url()
    if not url:
        return
    with _listener_lock:
        listener = _listener
        if listener is None or not listener.alive() or listener.url != url:
            listener = _listener = _Listener(asyncio.get_running_loop(), url, receive)
    if listener.loop is asyncio.get_running_loop() and not listener.subscribed.is_set():
        try:  # a Redis that does not answer must not hold up a socket: it keeps trying meanwhile
            await asyncio.wait_for(
                asyncio.shield(listener.subscribed.wait()), SUBSCRIBE_WAIT_SECONDS
            )
        except TimeoutError:
            log.warning("not yet subscribed to live events from other processes; carrying on")


async def stop_listening() -> None:
    """Stop this process's subscriber task if it runs on this loop (tests end their loops)."""
    global _listener
    listener = _listener
    if listener is None or listener.loop is not asyncio.get_running_loop():
        return
    _listener = None
    listener.task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener.task
