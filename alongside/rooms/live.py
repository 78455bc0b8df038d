"""Live delivery for rooms: one `Hub` per server process (per event loop).

Contract for other apps (meetings, safety): `broadcast_to_room(group_id, payload)` delivers the
JSON-serialisable `payload` to every client connected to that group's live room, as a WebSocket
message `{"type": "event", "event": payload}`.

How it is carried (why: the benchmark in bench/rooms.py decided it):
- The write path batches. Consumers hand screened messages to the hub; one writer task stores
  everything that queued up while the previous batch was being written, in one transaction, in a
  dedicated thread (`actions.store_room_messages`). Sequence numbers come from the `Room` row,
  bumped in that same transaction, so the database is the truth even with many processes. The
  sender's ack waits for the commit: an acked message is durable.
- Fan-out is in-process: each message is serialised once (a public and a full variant, for held
  messages) and queued on every local connection of the room. With REDIS_URL set, each process
  subscribes once to channels-redis's pub/sub layer and publishes each batch of frames as one
  Redis message; every process re-fans locally to its own clients.
- Nothing is lost silently: every connection delivers in sequence order, drops duplicates and
  fills any gap from the database (a frame the channel layer dropped, another process's message
  arriving early). A connection whose outbox overflows is closed with code 4008 and resumes from
  its last sequence number.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from alongside.rooms import ratelimit

if TYPE_CHECKING:
    from alongside.rooms.consumers import RoomConsumer

log = logging.getLogger(__name__)

ORIGIN = uuid.uuid4().hex  # this process, so it can skip its own frames coming back from Redis
GAP_CHECK_SECONDS = 2.0
SLOW_BATCH_SECONDS = 0.05
SWITCH_INTERVAL = 0.0005


ALL_ROOMS_GROUP = "rooms.all"  # every server process subscribes once; frames say their room


def room_group_name(group_id: int) -> str:
    return f"room.{group_id}"


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Pending:
    """A screened message waiting to be stored."""

    group: Any
    author: Any
    client_id: str
    text: str
    html: str
    visibility: str
    is_participant: bool
    verdict: Any = None
    future: asyncio.Future[Any] | None = None


@dataclass
class Stored:
    seq: int
    message_id: int
    visibility: str
    created: bool  # False: an earlier send with this client id was stored already
    payload: dict[str, Any] = field(default_factory=dict)


def message_frames(payload: dict[str, Any]) -> tuple[str, str]:
    """The full frame (author, staff) and the public one (everyone else) of one message."""
    full = dumps({"type": "message", "message": payload})
    if payload["visibility"] == "visible":
        return full, full
    return full, dumps({"type": "message", "message": {"seq": payload["seq"], "visible": False}})


PUBSUB_PREFIX = "alongside-rooms"
_pubsub_layer: Any = None


def _redis_layer() -> Any:
    """The Redis channel layer that carries room frames between processes: channels-redis's
    pub/sub layer (one PUBLISH per message and a pushed stream per process; the list-based
    layer's several round trips per message could not keep up in bench/rooms.py). Pub/sub
    may drop a frame when a process reconnects; each connection fills gaps from the database."""
    global _pubsub_layer
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return None
    if _pubsub_layer is None or _pubsub_layer._kwargs.get("hosts") != [url]:
        from channels_redis.pubsub import RedisPubSubChannelLayer

        _pubsub_layer = RedisPubSubChannelLayer(hosts=[url], prefix=PUBSUB_PREFIX)
    return _pubsub_layer


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        # The writer thread gives the GIL back at every database call; with Python's default
        # 5 ms switch interval a busy event loop made each batch wait up to 5 ms per statement.
        if sys.getswitchinterval() > SWITCH_INTERVAL:
            sys.setswitchinterval(SWITCH_INTERVAL)
        self.connections: dict[int, set[RoomConsumer]] = defaultdict(set)
        self.queue: list[Pending] = []
        self.inflight: dict[tuple[int, str], asyncio.Future[Stored]] = {}
        self.wake = asyncio.Event()
        self.writer_task: asyncio.Task[None] | None = None
        self.bridge_task: asyncio.Task[None] | None = None
        self.gap_task: asyncio.Task[None] | None = None
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rooms-writer")
        self.layer = _redis_layer()
        self.process_channel = ""
        self.presence: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)  # group -> origin -> handle -> n
        self.known_posters: set[tuple[int, int]] = set()
        self.limiter = ratelimit.new_limiter()  # per person per room; shared through Redis
        self.closed = False
        self.outgoing: list[tuple[int, dict[str, Any]]] = []  # frames for Redis, in order
        self.outgoing_ready = asyncio.Event()
        self.publisher_task: asyncio.Task[None] | None = None
        self.fetches: dict[tuple[int, int, int], asyncio.Future[Any]] = {}
        # Test seam: raise here to simulate the process dying between store and broadcast.
        self.after_store: Callable[[list[Stored]], None] | None = None

    # -- connections -------------------------------------------------------------------------

    async def join(self, conn: RoomConsumer) -> None:
        group_id = conn.group_id
        first_here = not self.connections[group_id]
        self.connections[group_id].add(conn)
        if self.layer is not None and first_here:
            await self._ensure_bridge()
        self._ensure_gap_checker()
        self._presence_change(group_id, conn.handle, +1)

    async def leave(self, conn: RoomConsumer) -> None:
        group_id = conn.group_id
        self.connections[group_id].discard(conn)
        if not self.connections[group_id]:
            del self.connections[group_id]
        self._presence_change(group_id, conn.handle, -1)

    def _presence_change(self, group_id: int, handle: str, delta: int) -> None:
        mine = self.presence[group_id].setdefault(ORIGIN, {})
        mine[handle] = mine.get(handle, 0) + delta
        if mine[handle] <= 0:
            del mine[handle]
        self._deliver_presence(group_id)
        if self.layer is not None:
            self._layer_send(group_id, {
                "kind": "presence", "origin": ORIGIN, "handles": sorted(mine)})

    def handles_present(self, group_id: int) -> list[str]:
        handles: set[str] = set()
        for per_origin in self.presence.get(group_id, {}).values():
            handles.update(per_origin)
        return sorted(handles, key=str.lower)

    def _deliver_presence(self, group_id: int) -> None:
        text = dumps({"type": "presence", "handles": self.handles_present(group_id)})
        for conn in list(self.connections.get(group_id, ())):
            conn.enqueue(text)

    # -- the write path ----------------------------------------------------------------------

    async def submit(self, item: Pending) -> Stored:
        """Store one message (batched with whatever else is waiting) and return its sequence
        number once it is committed. The same client id in flight twice is stored once."""
        key = (item.author.pk, item.client_id)
        existing = self.inflight.get(key)
        if existing is not None:
            stored = await asyncio.shield(existing)
            return Stored(stored.seq, stored.message_id, stored.visibility, False, stored.payload)
        future: asyncio.Future[Stored] = self.loop.create_future()
        item.future = future
        self.inflight[key] = future
        self.queue.append(item)
        self.wake.set()
        if self.writer_task is None or self.writer_task.done():
            self.writer_task = self.loop.create_task(self._writer())
        try:
            return await asyncio.shield(future)
        finally:
            self.inflight.pop(key, None)

    async def _writer(self) -> None:
        from alongside.rooms import actions

        while not self.closed:
            await self.wake.wait()
            self.wake.clear()
            batch, self.queue = self.queue, []
            if not batch:
                continue
            started = time.perf_counter()
            try:
                results = await self.loop.run_in_executor(
                    self.executor, actions.store_room_messages, batch, self.known_posters)
                took = time.perf_counter() - started
                if took > SLOW_BATCH_SECONDS:
                    log.warning("storing %d room messages took %.0f ms", len(batch), took * 1000)
                if self.after_store is not None:
                    self.after_store(results)
            except Exception as exc:  # the batch is not acked; clients resend with the same ids
                log.exception("storing room messages failed")
                for item in batch:
                    if item.future is not None and not item.future.done():
                        item.future.set_exception(exc)
                continue
            for item, stored in zip(batch, results, strict=True):
                if item.future is not None and not item.future.done():
                    item.future.set_result(stored)
            for item, stored in zip(batch, results, strict=True):
                if stored.created:
                    self.publish_message(item.group.pk, item.author.pk, stored.payload)
            # Safety's follow-up (alerts, queueing held items) after commit, off the hot loop.
            self.loop.run_in_executor(self.executor, actions.respond_to_screened_batch, batch, results)

    # -- fan-out -----------------------------------------------------------------------------

    def publish_message(self, group_id: int, author_id: int, payload: dict[str, Any]) -> None:
        full, public = message_frames(payload)
        self.deliver_message(group_id, payload["seq"], author_id, full, public)
        if self.layer is not None:
            self._layer_send(group_id, {
                "kind": "message", "origin": ORIGIN, "seq": payload["seq"],
                "author_id": author_id, "full": full, "public": public})

    def deliver_message(self, group_id: int, seq: int, author_id: int, full: str, public: str) -> None:
        for conn in list(self.connections.get(group_id, ())):
            conn.deliver(seq, full if conn.sees_full(author_id) else public)

    def publish_control(self, group_id: int, text: str, staff_only: bool = False,
                        only_user: int | None = None) -> None:
        self.deliver_control(group_id, text, staff_only, only_user)
        if self.layer is not None:
            self._layer_send(group_id, {
                "kind": "control", "origin": ORIGIN, "text": text, "staff_only": staff_only,
                "only_user": only_user})

    def deliver_control(self, group_id: int, text: str, staff_only: bool = False,
                        only_user: int | None = None) -> None:
        for conn in list(self.connections.get(group_id, ())):
            if only_user is not None and conn.user.pk != only_user:
                continue  # private to one person (a safety notice): nobody else's socket sees it
            if not staff_only or conn.is_staff:
                conn.control(text)

    def _layer_send(self, group_id: int, frame: dict[str, Any]) -> None:
        """Queue a frame for the other processes; one publisher task keeps them in order."""
        self.outgoing.append((group_id, frame))
        self.outgoing_ready.set()
        if self.publisher_task is None or self.publisher_task.done():
            self.publisher_task = self.loop.create_task(self._publisher())

    async def _publisher(self) -> None:
        while not self.closed:
            await self.outgoing_ready.wait()
            self.outgoing_ready.clear()
            frames, self.outgoing = self.outgoing, []
            # Everything that queued up goes out in one PUBLISH (per 500 frames): per-message
            # round trips to Redis were the scale-out mode's bottleneck.
            for start in range(0, len(frames), 500):
                try:
                    await self.layer.group_send(ALL_ROOMS_GROUP, {
                        "type": "room.frames", "origin": ORIGIN, "frames": frames[start:start + 500]})
                except Exception:  # receivers notice the gap and fill it from the database
                    log.exception("channel layer send failed")

    async def fetch_between(self, group_id: int, after: int, upto: int) -> list[tuple[int, int, dict[str, Any]]]:
        """Stored messages in (after, upto]; connections of a room that miss the same range share
        one query."""
        from channels.db import database_sync_to_async

        from alongside.rooms import queries

        key = (group_id, after, upto)
        future = self.fetches.get(key)
        if future is None:
            future = self.loop.create_task(
                database_sync_to_async(queries.messages_between)(group_id, after, upto))
            self.fetches[key] = future
            future.add_done_callback(lambda _f: self.fetches.pop(key, None))
        return await asyncio.shield(future)  # type: ignore[no-any-return]

    async def _ensure_bridge(self) -> None:
        if self.bridge_task is None:
            self.process_channel = await self.layer.new_channel("rooms")
            await self.layer.group_add(ALL_ROOMS_GROUP, self.process_channel)
            self.bridge_task = self.loop.create_task(self._bridge())

    async def _bridge(self) -> None:
        """Frames from other processes (and broadcast_to_room from anywhere) via Redis."""
        while not self.closed:
            try:
                msg = await self.layer.receive(self.process_channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("channel layer receive failed")
                await asyncio.sleep(0.5)
                continue
            if msg.get("origin") == ORIGIN:
                continue
            for group_id, frame in msg.get("frames", ()):
                try:
                    self._deliver_remote(int(group_id), frame)
                except Exception:
                    log.exception("could not deliver a frame from another process")

    def _deliver_remote(self, group_id: int, frame: dict[str, Any]) -> None:
        kind = frame.get("kind")
        if kind == "presence":
            self.presence[group_id][frame["origin"]] = dict.fromkeys(frame["handles"], 1)
        if group_id not in self.connections:
            return
        if kind == "message":
            self.deliver_message(group_id, int(frame["seq"]), int(frame["author_id"]),
                                 frame["full"], frame["public"])
        elif kind == "control":
            self.deliver_control(group_id, frame["text"], bool(frame.get("staff_only")), frame.get("only_user"))
        elif kind == "presence":
            self._deliver_presence(group_id)

    def _ensure_gap_checker(self) -> None:
        if self.layer is not None and self.gap_task is None:
            self.gap_task = self.loop.create_task(self._check_gaps())

    async def _check_gaps(self) -> None:
        """With Redis a dropped frame is only noticed when a later one arrives; the last one of a
        burst needs this: compare each room's stored last sequence number with what was delivered."""
        from alongside.rooms import queries

        while not self.closed:
            await asyncio.sleep(GAP_CHECK_SECONDS)
            group_ids = list(self.connections)
            if not group_ids:
                continue
            try:
                last = await self.loop.run_in_executor(self.executor, queries.last_seqs, group_ids)
            except Exception:
                log.exception("gap check failed")
                continue
            for group_id, last_seq in last.items():
                for conn in list(self.connections.get(group_id, ())):
                    conn.check_behind(last_seq)

    # -- shutting down (tests) ---------------------------------------------------------------

    def close(self) -> None:
        self.closed = True
        for task in (self.writer_task, self.bridge_task, self.gap_task, self.publisher_task):
            if task is not None and not task.done() and not self.loop.is_closed():
                task.cancel()
        if self.loop.is_running():  # the limiter's Redis connections belong to the hub's loop
            asyncio.run_coroutine_threadsafe(self.limiter.aclose(), self.loop)
        try:
            self.executor.submit(_close_db_connection).result(timeout=5)
        except Exception:
            log.exception("closing the writer connection failed")
        self.executor.shutdown(wait=True)


def _close_db_connection() -> None:
    from django.db import connection  # this thread's connection

    connection.close()


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
_hubs_lock = threading.Lock()


def get_hub() -> Hub:
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.closed:
        with _hubs_lock:
            hub = _hubs[loop] = Hub(loop)
    return hub


def close_all_hubs() -> None:
    with _hubs_lock:
        hubs = list(_hubs.values())
        _hubs.clear()
    for hub in hubs:
        hub.close()


async def close_hub_connections() -> None:
    """Close the connections this loop's hub holds outside the database (the shared rate limit's
    Redis client), before the loop ends. For tests: a server process keeps its hub for life."""
    hub = _hubs.get(asyncio.get_running_loop())
    if hub is not None:
        await hub.limiter.aclose()


def _live_hubs() -> list[Hub]:
    return [h for h in list(_hubs.values()) if not h.closed and not h.loop.is_closed()]


def _call_in_hubs(fn: Callable[[Hub], None]) -> bool:
    """Run `fn(hub)` on each hub's own loop, from any thread. False when no hub is running here."""
    hubs = _live_hubs()
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    for hub in hubs:
        if hub.loop is running:
            fn(hub)
        else:
            hub.loop.call_soon_threadsafe(fn, hub)
    return bool(hubs)


def publish_control(group_id: int, frame: dict[str, Any], staff_only: bool = False,
                    only_user: int | None = None) -> None:
    """Send a control frame (hide, show, pin, room state; a private notice with only_user) to
    the room's live clients, from sync code. Call after commit. Reaches other processes through
    Redis when it is configured."""
    text = dumps(frame)
    if _call_in_hubs(lambda hub: hub.publish_control(group_id, text, staff_only, only_user)):
        return
    layer = _redis_layer()
    if layer is not None:
        _layer_send_sync(layer, group_id, {"kind": "control", "origin": "", "text": text,
                                           "staff_only": staff_only, "only_user": only_user})


def publish_message(group_id: int, author_id: int, payload: dict[str, Any]) -> None:
    """A message stored by sync code (not the hub's writer): deliver it in sequence like any other."""
    if _call_in_hubs(lambda hub: hub.publish_message(group_id, author_id, payload)):
        return
    layer = _redis_layer()
    if layer is not None:
        full, public = message_frames(payload)
        _layer_send_sync(layer, group_id, {"kind": "message", "origin": "", "seq": payload["seq"],
                                           "author_id": author_id, "full": full, "public": public})


_sync_redis: Any = None


def _layer_send_sync(layer: Any, group_id: int, frame: dict[str, Any]) -> None:
    """Publish from sync code in a process without a hub (a worker, a command): the same wire
    format as the pub/sub layer's group_send, without starting an event loop."""
    global _sync_redis
    import redis

    if _sync_redis is None:
        _sync_redis = redis.Redis.from_url(settings.REDIS_URL)
    message = {"type": "room.frames", "origin": "", "frames": [[group_id, frame]]}
    _sync_redis.publish(f"{PUBSUB_PREFIX}__group__{ALL_ROOMS_GROUP}", layer.serialize(message))


def broadcast_to_room(group_id: int, payload: dict[str, Any]) -> None:
    text = dumps({"type": "event", "event": payload})
    if _call_in_hubs(lambda hub: hub.publish_control(group_id, text)):
        return
    layer = _redis_layer()
    if layer is not None:
        _layer_send_sync(layer, group_id, {"kind": "control", "origin": "", "text": text})


def process_id() -> str:
    return f"{os.getpid()}-{ORIGIN[:8]}"
