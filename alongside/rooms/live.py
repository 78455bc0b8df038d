"""Live delivery for rooms: one `Hub` per server process (per event loop).

The hub does two things (how and why: README, "How it is built"; bench/rooms.py decided it):

- **It batches writes.** `rooms.actions.post_room_message` (the one door for a room message) hands
  each checked, screened message to `submit`; one writer task stores everything that queued up
  while the previous batch was being written, in one transaction in a dedicated thread
  (`actions.store_room_messages`, which also decides with current data whether each author may
  post). The sender's ack waits for the commit: an acked message is durable.
- **It delivers events to sockets.** It subscribes to alongside.core.events: each committed
  message arrives as a `room.message` event (from this process's writer, or from another process
  through Redis), is serialised once (a public and a full variant, for held messages) and queued on
  every local connection of the room; control frames, other apps' events and private notices
  likewise. `access.changed` stops delivery to the people concerned at once and has their sockets
  check again with the database.

Nothing is lost silently: every connection delivers in sequence order, drops duplicates and fills
any gap from the database (an event pub/sub dropped, another process's message arriving early). A
connection whose outbox overflows is closed with code 4008 and resumes from its last sequence
number. With Redis, every few seconds each room's stored last sequence number is compared with what
was delivered, to catch a dropped last frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from channels.db import database_sync_to_async
from django.db import connection

from alongside.core import events, transport
from alongside.rooms import actions, queries, ratelimit

if TYPE_CHECKING:
    from alongside.rooms.consumers import RoomConsumer

log = logging.getLogger(__name__)

GAP_CHECK_SECONDS = 2.0
PAUSE_SECONDS = 5.0  # a socket paused for a change that never committed checks again after this
SLOW_BATCH_SECONDS = 0.05


def dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def message_frames(payload: dict[str, Any]) -> tuple[str, str]:
    """The full frame (author, staff) and the public one (everyone else) of one message."""
    full = dumps({"type": "message", "message": payload})
    if payload["visibility"] == "visible":
        return full, full
    return full, dumps({"type": "message", "message": {"seq": payload["seq"], "visible": False}})


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.connections: dict[int, set[RoomConsumer]] = defaultdict(set)
        self.rooms: dict[int, tuple[bool, int]] = {}  # group -> (locked, slow mode seconds)
        self.queue: list[actions.Pending] = []
        self.inflight: dict[tuple[int, str], asyncio.Future[actions.Outcome]] = {}
        self.wake = asyncio.Event()
        self.writer_task: asyncio.Task[None] | None = None
        self.gap_task: asyncio.Task[None] | None = None
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rooms-writer")
        self.presence: dict[int, dict[str, dict[str, int]]] = defaultdict(
            dict
        )  # group -> origin -> handle -> n
        self.known_posters: set[tuple[int, int]] = set()
        self.limiter: ratelimit.Limiter = (
            ratelimit.new_limiter()
        )  # per person per room; shared through Redis
        self.closed = False
        self.fetches: dict[tuple[int, int, int], asyncio.Future[Any]] = {}
        # Events arrive from any thread (the writer, a request, the Redis subscriber) and are
        # handled on the loop, in order, with one wake-up per burst.
        self.inbox: deque[events.Event] = deque()
        self.inbox_lock = threading.Lock()
        self.inbox_scheduled = False

    # -- connections -------------------------------------------------------------------------

    async def join(self, conn: RoomConsumer) -> None:
        """Add a connection that has had its `hello`; the others in the room see it in presence."""
        group_id = conn.group_id
        self.connections[group_id].add(conn)
        self.rooms[group_id] = (conn.locked, conn.slow_mode)  # just read from the database
        if transport.enabled():
            await events.listen()
            self._ensure_gap_checker()
        self._presence_change(group_id, conn.handle, +1, skip=conn)

    async def leave(self, conn: RoomConsumer) -> None:
        group_id = conn.group_id
        self.connections[group_id].discard(conn)
        if not self.connections[group_id]:
            del self.connections[group_id]
        self._presence_change(group_id, conn.handle, -1)

    def slow_mode(self, group_id: int) -> int:
        return self.rooms.get(group_id, (False, 0))[1]

    def _presence_change(self, group_id: int, handle: str, delta: int, skip: Any = None) -> None:
        mine = self.presence[group_id].setdefault(transport.ORIGIN, {})
        mine[handle] = mine.get(handle, 0) + delta
        if mine[handle] <= 0:
            del mine[handle]
        self._deliver_presence(group_id, skip)
        if transport.enabled():  # the other processes' hubs; in the writer's thread, in order
            event = events.make_event(
                events.ROOM_PRESENCE,
                {"origin": transport.ORIGIN, "handles": sorted(mine)},
                group_id=group_id,
            )
            self.loop.run_in_executor(self.executor, transport.send, [event])

    def handles_present(self, group_id: int, also: str = "") -> list[str]:
        handles: set[str] = {also} if also else set()
        for per_origin in self.presence.get(group_id, {}).values():
            handles.update(per_origin)
        return sorted(handles, key=str.lower)

    def _deliver_presence(self, group_id: int, skip: Any = None) -> None:
        text = dumps({"type": "presence", "handles": self.handles_present(group_id)})
        for conn in list(self.connections.get(group_id, ())):
            if conn is not skip:
                conn.presence(text)

    # -- the write path ----------------------------------------------------------------------

    async def submit(self, item: actions.Pending) -> actions.Outcome:
        """Store one message (batched with whatever else is waiting) and return once it is
        committed. The same client id in flight twice is stored once."""
        key = (item.author.pk, item.client_id)
        existing = self.inflight.get(key)
        if existing is not None:
            outcome = await asyncio.shield(existing)
            if isinstance(outcome, actions.Stored):
                return actions.Stored(
                    outcome.seq, outcome.message_id, outcome.visibility, False, outcome.payload
                )
            return outcome
        future: asyncio.Future[actions.Outcome] = self.loop.create_future()
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
        while not self.closed:
            await self.wake.wait()
            self.wake.clear()
            batch, self.queue = self.queue, []
            if not batch:
                continue
            started = time.perf_counter()
            try:
                outcomes = await self.loop.run_in_executor(
                    self.executor, actions.store_room_messages, batch, self.known_posters
                )
            except Exception as exc:  # the batch is not acked; clients resend with the same ids
                log.exception("storing room messages failed")
                for item in batch:
                    if item.future is not None and not item.future.done():
                        item.future.set_exception(exc)
                continue
            took = time.perf_counter() - started
            if took > SLOW_BATCH_SECONDS:
                log.warning("storing %d room messages took %.0f ms", len(batch), took * 1000)
            for item, outcome in zip(batch, outcomes, strict=True):
                if item.future is not None and not item.future.done():
                    item.future.set_result(outcome)
            # Safety's follow-up (alerts, queueing held items) after commit, off the hot loop.
            self.loop.run_in_executor(self.executor, actions.after_room_messages, batch, outcomes)

    # -- events ------------------------------------------------------------------------------

    def receive(self, event: events.Event) -> None:
        """Called from any thread with every event that concerns a room."""
        if event.kind == events.ACCESS_CHANGED:
            self.pause(event)
        with self.inbox_lock:
            self.inbox.append(event)
            if self.inbox_scheduled:
                return
            self.inbox_scheduled = True
        # A fresh context: not the publishing thread's (e.g. asgiref's marks of a request thread,
        # which would make the tasks started from here refuse to run database work).
        with contextlib.suppress(RuntimeError):  # a closed loop: this hub is gone
            self.loop.call_soon_threadsafe(self._drain_inbox, context=contextvars.Context())

    def pause(self, event: events.Event) -> None:
        """Stop delivering to the connections an `access.changed` event concerns, now, in the
        calling thread (any thread): nothing that is committed after the change reaches them
        before their socket has checked again. (Called before the change commits, too, so that
        it holds for this process from the very commit; if that transaction is rolled back
        instead, the socket checks again after PAUSE_SECONDS and carries on.)"""
        for conn in self._concerned(event):
            if not conn.paused:
                conn.paused = True
                with contextlib.suppress(RuntimeError):
                    self.loop.call_soon_threadsafe(
                        self.loop.call_later,
                        PAUSE_SECONDS,
                        conn.recheck_if_paused,
                        context=contextvars.Context(),
                    )

    def _drain_inbox(self) -> None:
        with self.inbox_lock:
            batch, self.inbox = self.inbox, deque()
            self.inbox_scheduled = False
        for event in batch:
            try:
                self._handle(event)
            except Exception:
                log.exception("could not deliver a %s event", event.kind)

    def _concerned(self, event: events.Event) -> Iterator[RoomConsumer]:
        """This hub's connections an event is addressed to (safe to call from any thread)."""
        if event.group_id is not None:
            conns = list(self.connections.get(event.group_id, ()))
        else:
            conns = [c for group in list(self.connections.values()) for c in list(group)]
        users = set(event.user_ids)
        for conn in conns:
            if (not users or conn.user.pk in users) and (not event.staff_only or conn.is_staff):
                yield conn

    def _handle(self, event: events.Event) -> None:
        kind, payload, group_id = event.kind, event.payload, event.group_id
        if kind == events.ACCESS_CHANGED:
            for conn in self._concerned(event):
                conn.recheck()
            return
        if group_id is None:
            return  # for someone's personal channel, not for a room
        if kind == events.ROOM_MESSAGE:
            message = payload["message"]
            self.deliver_message(
                group_id, int(message["seq"]), int(payload["author_id"]), *message_frames(message)
            )
        elif kind == events.ROOM_PRESENCE:
            if payload["origin"] != transport.ORIGIN:
                self.presence[group_id][payload["origin"]] = dict.fromkeys(payload["handles"], 1)
                self._deliver_presence(group_id)
        elif kind == events.ROOM_CONTROL:
            if payload.get("type") == "room":
                self.rooms[group_id] = (bool(payload["locked"]), int(payload["slow_mode"]))
            if payload.get("type") in ("edit", "removed"):
                self.deliver_change(event)
                return
            self.deliver_control(event, dumps(payload))
        elif kind == events.SAFETY_NOTICE:
            self.deliver_control(
                event,
                dumps(
                    {
                        "type": "notice",
                        "notice": payload.get("notice", ""),
                        "resources": payload.get("resources", []),
                    }
                ),
            )
        else:  # other apps' events for the room (a live meeting's panel, …)
            self.deliver_control(event, dumps({"type": "event", "event": payload}))

    def deliver_message(
        self, group_id: int, seq: int, author_id: int, full: str, public: str
    ) -> None:
        for conn in list(self.connections.get(group_id, ())):
            conn.deliver(seq, full if conn.sees_full(author_id) else public)

    def deliver_change(self, event: events.Event) -> None:
        """An author edited or removed their message: its author and the group's staff get the new
        version; others too while it is visible, else it disappears for them (a `hide`)."""
        message, author_id = event.payload["message"], int(event.payload["author_id"])
        full = dumps({"type": event.payload["type"], "message": message})
        public = (
            full
            if message["visibility"] == "visible"
            else dumps({"type": "hide", "seq": message["seq"]})
        )
        for conn in self._concerned(event):
            conn.control(full if conn.sees_full(author_id) else public)

    def deliver_control(self, event: events.Event, text: str) -> None:
        for conn in self._concerned(event):
            conn.control(text)

    async def fetch_between(
        self, group_id: int, after: int, upto: int
    ) -> list[tuple[int, int, dict[str, Any]]]:
        """Stored messages in (after, upto]; connections of a room that miss the same range share
        one query."""
        key = (group_id, after, upto)
        future = self.fetches.get(key)
        if future is None:
            future = self.loop.create_task(
                database_sync_to_async(queries.messages_between)(group_id, after, upto)
            )
            self.fetches[key] = future
            future.add_done_callback(lambda _f: self.fetches.pop(key, None))
        return await asyncio.shield(future)  # type: ignore[no-any-return]

    def _ensure_gap_checker(self) -> None:
        if self.gap_task is None:
            self.gap_task = self.loop.create_task(self._check_gaps())

    async def _check_gaps(self) -> None:
        """With Redis a dropped event is only noticed when a later one arrives; the last one of a
        burst needs this: compare each room's stored last sequence number with what was delivered."""
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
        for task in (self.writer_task, self.gap_task):
            if task is not None and not task.done() and not self.loop.is_closed():
                self.loop.call_soon_threadsafe(task.cancel)
        if self.loop.is_running():  # the limiter's Redis connections belong to the hub's loop
            asyncio.run_coroutine_threadsafe(self.limiter.aclose(), self.loop)
        try:
            self.executor.submit(_close_db_connection).result(timeout=5)
        except Exception:
            log.exception("closing the writer connection failed")
        self.executor.shutdown(wait=True)


def _close_db_connection() -> None:
    connection.close()  # this thread's connection (django.db.connection is per thread)


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
    Redis client, the event subscriber), before the loop ends. For tests: a server process keeps
    its hub for life."""
    hub = _hubs.get(asyncio.get_running_loop())
    if hub is not None:
        await hub.limiter.aclose()
    await events.stop_listening()


def pause_now(group_id: int | None, user_ids: list[int]) -> None:
    """Pause delivery to these people's sockets in this process at once (see Hub.pause)."""
    event = events.make_event(events.ACCESS_CHANGED, group_id=group_id, user_ids=user_ids)
    for hub in list(_hubs.values()):
        if not hub.closed and not hub.loop.is_closed():
            hub.pause(event)


def on_event(event: events.Event) -> None:
    """The rooms' subscriber to alongside.core.events (registered in RoomsConfig.ready)."""
    if event.group_id is None and event.kind != events.ACCESS_CHANGED:
        return
    for hub in list(_hubs.values()):
        if not hub.closed and not hub.loop.is_closed():
            hub.receive(event)
