"""The live room's WebSocket consumer. The protocol is documented in README ("Live rooms protocol").

Each connection delivers messages strictly in sequence order: duplicates are dropped, anything
that arrives early waits while the gap is filled from the database. Checks, screening and storage
go through rooms.actions; delivery through the process's hub (rooms.live).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import SynchronousOnlyOperation
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from alongside.groups import access
from alongside.groups.models import Group, Membership
from alongside.rooms import actions, live, queries, ratelimit
from alongside.rooms.live import dumps

log = logging.getLogger(__name__)

PERMISSION_RECHECK_SECONDS = 5.0
GAP_GRACE_SECONDS = 0.2  # frames from another process may arrive a little out of order
MAX_OUTBOX = 5000  # frames queued for one slow client before it is told to resume
CLOSE_RESUME = 4008  # "you fell behind: reconnect with ?after=<last seq>"
CLOSE_FORBIDDEN = 4403

_screen_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rooms-screen")
_screen_inline = True


def _prepare_in(language: str, *args: Any) -> Any:
    with translation.override(language):  # a worker thread does not inherit the connection's language
        return actions.prepare_room_message(*args)


def connection_language(scope: dict[str, Any], user: Any) -> str:
    """The language this connection speaks, as the pages do: the member's chosen interface
    language, else their language cookie or browser's Accept-Language, else the default."""
    chosen = getattr(user, "ui_language", "")
    if chosen:
        return str(chosen)
    request = HttpRequest()
    request.COOKIES = dict(scope.get("cookies") or {})
    for name, value in scope.get("headers") or ():
        if name.lower() == b"accept-language":
            request.META["HTTP_ACCEPT_LANGUAGE"] = value.decode("latin-1")
    return translation.get_language_from_request(request)


async def _prepare(user: Any, group: Group, client_id: str, text: str, is_participant: bool) -> Any:
    """Check, screen and render a message. screen() promises to be fast and in-process, so it runs
    right here (a thread hop per message costs more than screening); if it turns out to need the
    database (which Django forbids on the event loop), every later call goes to a worker thread."""
    global _screen_inline
    if _screen_inline:
        try:
            return actions.prepare_room_message(user, group, client_id, text, is_participant)
        except SynchronousOnlyOperation:
            _screen_inline = False
            log.info("screen() touches the database: screening in a worker thread from now on")
    return await asyncio.get_running_loop().run_in_executor(
        _screen_pool, _prepare_in, translation.get_language(), user, group, client_id, text, is_participant)


def rate_limit() -> tuple[int, float]:
    """(messages, per seconds) per person per room, e.g. ALONGSIDE_ROOM_RATE_LIMIT=10/10."""
    return _parse_rate(str(getattr(settings, "ROOM_RATE_LIMIT", "10/10")))


@functools.lru_cache(maxsize=8)
def _parse_rate(raw: str) -> tuple[int, float]:
    count, _sep, seconds = raw.partition("/")
    return int(count), float(seconds or 10)


class RoomConsumer(AsyncWebsocketConsumer):
    # No per-connection channel: the hub carries fan-out (one channel per process with Redis).
    channel_layer_alias = "__rooms_use_the_hub__"

    group: Group
    hub: live.Hub

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes old DB connections before every frame (a thread hop each); all DB work
        # here runs in worker threads that manage their own connections, so skip that.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # -- connecting --------------------------------------------------------------------------

    def _load(self, slug: str) -> bool:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return False
        user = getattr(user, "_wrapped", user)
        group = Group.objects.filter(slug=slug).first()
        if group is None or not access.can_view_content(user, group):
            return False
        self.user = user
        # Errors, notices and crisis lines reach this person in their language.
        self.language = connection_language(self.scope, user)
        self.group = group
        self.group_id = group.pk
        self.handle = user.handle
        self._load_permissions()
        return True

    def _load_permissions(self) -> None:
        access.forget_membership_cache(self.user)
        membership = access.membership_of(self.user, self.group)
        self.is_staff = access.is_group_staff(self.user, self.group)
        self.is_participant = membership is not None and membership.role == Membership.Role.PARTICIPANT
        with translation.override(self.language):
            decision = access.post_decision(self.user, self.group)
            self.can_post = bool(decision)
            self.cannot_post_reason = str(decision.reason)
        room = queries.room_state(self.group)
        self.locked = room.locked
        self.slow_mode = room.slow_mode_seconds
        self.checked_at = time.monotonic()

    async def connect(self) -> None:
        self.joined = False
        slug = self.scope["url_route"]["kwargs"]["slug"]
        if not await database_sync_to_async(self._load)(slug):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after_raw = (query.get("after") or [""])[0]
        after = int(after_raw) if after_raw.lstrip("-").isdigit() else None

        self.hub = live.get_hub()
        self.last_seq = 0
        self.syncing = True
        self.buffer: dict[int, str] = {}
        self.held_controls: list[str] = []
        self.outbox: deque[str] = deque()
        self.outbox_event = asyncio.Event()
        self.closing = False
        self.gap_task: asyncio.Task[None] | None = None
        self.recheck_task: asyncio.Task[None] | None = None
        self.behind_mark: int | None = None
        await self.accept()
        self.pump = asyncio.get_running_loop().create_task(self._pump())
        # Join first, then read: live frames that race the read wait in the buffer.
        await self.hub.join(self)
        self.joined = True
        self.enqueue(dumps({
            "type": "hello",
            "you": {"handle": self.handle, "can_post": self.can_post,
                    "reason": "" if self.can_post else self.cannot_post_reason, "is_staff": self.is_staff},
            "room": {"locked": self.locked, "slow_mode": self.slow_mode},
            "presence": self.hub.handles_present(self.group_id),
        }))
        if after is None:
            rows = await database_sync_to_async(queries.messages_before)(self.group_id, None)
            self._send_rows(rows, force=True)
        else:
            self.last_seq = max(after, 0)
            while True:
                rows = await database_sync_to_async(queries.messages_after)(self.group_id, self.last_seq)
                self._send_rows(rows)
                if len(rows) < queries.RESUME_LIMIT:
                    break
                await self._outbox_below(MAX_OUTBOX // 2)  # a long resume goes page by page
        self.syncing = False
        self._drain()
        for text in self.held_controls:
            self.enqueue(text)
        self.held_controls = []
        self.enqueue(dumps({"type": "synced", "last_seq": self.last_seq}))

    def _frame_for(self, seq: int, author_id: int, payload: dict[str, Any]) -> str:
        full, public = live.message_frames(payload)
        return full if self.sees_full(author_id) else public

    def _send_rows(self, rows: list[tuple[int, int, dict[str, Any]]], force: bool = False) -> None:
        for seq, author_id, payload in rows:
            if force or seq > self.last_seq:
                self.enqueue(self._frame_for(seq, author_id, payload))
                self.last_seq = max(self.last_seq, seq)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "joined", False):
            self.joined = False
            await self.hub.leave(self)
            self.pump.cancel()
            if self.gap_task is not None:
                self.gap_task.cancel()

    # -- delivery (called by the hub on this loop) ------------------------------------------

    def sees_full(self, author_id: int) -> bool:
        return self.is_staff or author_id == self.user.pk

    def deliver(self, seq: int, text: str) -> None:
        if self.syncing:
            self.buffer[seq] = text
            return
        if seq <= self.last_seq:
            return  # a duplicate: already delivered
        if seq == self.last_seq + 1:
            self.enqueue(text)
            self.last_seq = seq
            if self.buffer:
                self._drain()
            return
        self.buffer[seq] = text
        self._schedule_gap_fill(GAP_GRACE_SECONDS)

    def _drain(self) -> None:
        for seq in [s for s in self.buffer if s <= self.last_seq]:
            del self.buffer[seq]
        while self.last_seq + 1 in self.buffer:
            self.last_seq += 1
            self.enqueue(self.buffer.pop(self.last_seq))
        if self.buffer:
            self._schedule_gap_fill(GAP_GRACE_SECONDS)

    def control(self, text: str) -> None:
        if text.startswith('{"type":"room"'):
            state = json.loads(text)
            self.locked, self.slow_mode = bool(state["locked"]), int(state["slow_mode"])
        if self.syncing:
            self.held_controls.append(text)
        else:
            self.enqueue(text)

    def check_behind(self, stored_last_seq: int) -> None:
        """Called every few seconds with the room's stored last sequence number (Redis mode)."""
        if self.syncing:
            return
        if self.behind_mark is not None and self.last_seq < self.behind_mark:
            self._schedule_gap_fill(0, upto=self.behind_mark)
        self.behind_mark = stored_last_seq if stored_last_seq > self.last_seq else None

    def _schedule_gap_fill(self, delay: float, upto: int | None = None) -> None:
        if self.gap_task is None or self.gap_task.done():
            self.gap_task = asyncio.get_running_loop().create_task(self._fill_gap(delay, upto))

    async def _fill_gap(self, delay: float, upto: int | None) -> None:
        await asyncio.sleep(delay)
        if upto is None:
            if not self.buffer:
                return
            upto = min(self.buffer) - 1
        if upto <= self.last_seq:
            return
        rows = await self.hub.fetch_between(self.group_id, self.last_seq, upto)
        for seq, author_id, payload in rows:
            self.deliver(seq, self._frame_for(seq, author_id, payload))

    def enqueue(self, text: str) -> None:
        if self.closing:
            return
        if len(self.outbox) >= MAX_OUTBOX:
            # Too far behind to catch up live: say so and let the client resume from the database.
            self.closing = True
            self.outbox.clear()
            asyncio.get_running_loop().create_task(self.close(code=CLOSE_RESUME))
            return
        self.outbox.append(text)
        self.outbox_event.set()

    async def _outbox_below(self, n: int) -> None:
        while len(self.outbox) > n and not self.closing:
            await asyncio.sleep(0.01)

    async def _pump(self) -> None:
        while True:
            await self.outbox_event.wait()
            self.outbox_event.clear()
            while self.outbox:
                await self.base_send({"type": "websocket.send", "text": self.outbox.popleft()})

    # -- frames from the client --------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        with translation.override(self.language):
            await self._receive(text_data)

    async def _receive(self, text_data: str | None) -> None:
        try:
            data = json.loads(text_data or "")
            kind = data.get("type")
        except (ValueError, AttributeError):
            self._error("", "bad_frame", _("That message could not be read. Please reload the page."))
            return
        if kind == "send":
            await self._send_message(data)
        elif kind == "history":
            await self._history(data)
        elif kind == "resume":
            await self._resume(data)
        elif kind == "ping":
            self.enqueue(dumps({"type": "pong"}))
        else:
            self._error(str(data.get("client_id", "")), "bad_frame", _("Unknown request."))

    def _error(self, client_id: str, code: str, message: str, **extra: Any) -> None:
        self.enqueue(dumps({"type": "error", "client_id": client_id, "code": code, "message": message, **extra}))

    async def _send_message(self, data: dict[str, Any]) -> None:
        client_id = str(data.get("client_id", ""))[:100]
        text = str(data.get("text", ""))
        if time.monotonic() - self.checked_at > PERMISSION_RECHECK_SECONDS:
            # Re-read role, consent, mutes and room state in the background: a send never
            # waits on it, and a change reaches this connection within a few seconds.
            self.checked_at = time.monotonic() + random.uniform(0, 2)
            if self.recheck_task is None or self.recheck_task.done():
                self.recheck_task = asyncio.get_running_loop().create_task(
                    database_sync_to_async(self._load_permissions)())
        if not self.can_post:
            self._error(client_id, "not_allowed", self.cannot_post_reason)
            return
        if self.locked and not self.is_staff:
            self._error(client_id, "locked", _("A facilitator has paused posting in this room for now. You can still read."))
            return
        count, window = rate_limit()
        # Slow mode does not apply to facilitators and moderators; the rate limit does.
        slot = await self.hub.limiter.acquire(self.group_id, self.user.pk, count, window,
                                              0 if self.is_staff else self.slow_mode)
        if slot.refused == ratelimit.RATE_LIMITED:
            self._error(client_id, "rate_limited",
                        _("You're sending messages quickly. Please wait %(n)d seconds; your message is kept.") % {"n": slot.retry_after},
                        retry_after=slot.retry_after)
            return
        if slot.refused == ratelimit.SLOW_MODE:
            self._error(client_id, "slow_mode",
                        _("Slow mode is on: one message every %(s)d seconds. You can post again in %(n)d seconds; your message is kept.")
                        % {"s": self.slow_mode, "n": slot.retry_after}, retry_after=slot.retry_after)
            return
        try:
            item, verdict = await _prepare(self.user, self.group, client_id, text, self.is_participant)
        except actions.RoomError as exc:
            await slot.release()
            self._error(client_id, exc.code, exc.message)
            return
        try:
            stored = await self.hub.submit(item)
        except Exception:
            await slot.release()
            self._error(client_id, "not_stored", _("Your message could not be saved just now. It is kept and will be sent again."),
                        retry_after=2)
            return
        if not stored.created:
            await slot.release()  # a resend of a message stored before: it counted then
        self.enqueue(dumps({
            "type": "ack", "client_id": client_id, "seq": stored.seq, "visibility": stored.visibility,
            "duplicate": not stored.created,
            "notice": verdict.author_notice, "resources": list(verdict.resources),
        }))

    async def _history(self, data: dict[str, Any]) -> None:
        try:
            before = int(data.get("before"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            before = None
        rows = await database_sync_to_async(queries.messages_before)(self.group_id, before, queries.PAGE + 1)
        more = len(rows) > queries.PAGE
        rows = rows[-queries.PAGE:]
        messages = [json.loads(self._frame_for(s, a, p))["message"] for s, a, p in rows]
        self.enqueue(dumps({"type": "history", "messages": messages, "more": more}))

    async def _resume(self, data: dict[str, Any]) -> None:
        """The client saw a gap: send everything after `after` again, in order (it drops dups)."""
        try:
            after = int(data.get("after", 0))
        except (TypeError, ValueError):
            after = 0
        while True:
            rows = await database_sync_to_async(queries.messages_after)(self.group_id, after)
            for seq, author_id, payload in rows:
                self.enqueue(self._frame_for(seq, author_id, payload))
                after = seq
                self.last_seq = max(self.last_seq, seq)
            if len(rows) < queries.RESUME_LIMIT:
                break
            await self._outbox_below(MAX_OUTBOX // 2)
        self._drain()
        self.enqueue(dumps({"type": "synced", "last_seq": self.last_seq}))
