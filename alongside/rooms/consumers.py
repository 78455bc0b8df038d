"""The live room's WebSocket consumer. The protocol is documented in README ("Live rooms protocol").

Transport only: it reads frames, hands a message to the one door (`rooms.actions.post_room_message`,
which applies every rule) and answers with an ack or an error; it delivers what the process's hub
(rooms.live) gives it, strictly in sequence order: duplicates are dropped, anything that arrives
early waits while the gap is filled from the database.

What the socket's owner may read and do is read from the database when it connects and again as
soon as an `access.changed` event concerns them (a removal, leaving, a role change, new guidelines
to agree to, a mute or suspension): the hub pauses delivery to them at once, this consumer checks
again, and then either carries on (with a fresh `hello` when what they may do changed) or closes
with 4403. Whether a message may be stored is never decided here: the write batch decides it with
the database as it is at that moment.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import deque
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from alongside.core import metrics
from alongside.groups import access
from alongside.groups.models import Group
from alongside.rooms import actions, live, queries
from alongside.rooms.live import dumps

log = logging.getLogger(__name__)

GAP_GRACE_SECONDS = 0.2  # frames from another process may arrive a little out of order
MAX_OUTBOX = 5000  # frames queued for one slow client before it is told to resume
CLOSE_RESUME = 4008  # "you fell behind: reconnect with ?after=<last seq>"
CLOSE_FORBIDDEN = 4403


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


class RoomConsumer(AsyncWebsocketConsumer):
    # No per-connection channel: the hub carries fan-out.
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
        group = Group.objects.filter(slug=slug).first()
        if group is None:
            return False
        self.user = getattr(user, "_wrapped", user)
        # Errors, notices and crisis lines reach this person in their language.
        self.language = connection_language(self.scope, self.user)
        self.group = group
        self.group_id = group.pk
        self.handle = self.user.handle
        return self._load_permissions()

    def _load_permissions(self) -> bool:
        """Read what this person may read and do here now; False: they may not read the room."""
        user = get_user_model().objects.filter(pk=self.user.pk, is_active=True).first()
        if user is None or not access.can_view_content(user, self.group):
            return False
        self.user = user
        self.is_staff = access.is_group_staff(user, self.group)
        with translation.override(self.language):
            decision = access.post_decision(user, self.group)
            self.can_post = bool(decision)
            self.cannot_post_reason = str(decision.reason)
        room = queries.room_state(self.group)
        self.locked = room.locked
        self.slow_mode = room.slow_mode_seconds
        return True

    async def connect(self) -> None:
        self.joined = False
        self.paused = False
        self.presence_missed = False
        slug = self.scope["url_route"]["kwargs"]["slug"]
        if not await database_sync_to_async(self._load)(slug):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after_raw = (query.get("after") or [""])[0]
        after = int(after_raw) if after_raw.lstrip("-").isdigit() and len(after_raw) < 19 else None

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
        self.recheck_again = False
        self.behind_mark: int | None = None
        self.seen_upto = 0  # the highest seq offered while delivery was paused
        await self.accept()
        self.counted = True
        metrics.WEBSOCKET_CONNECTIONS.labels("room").inc()
        self.pump = asyncio.get_running_loop().create_task(self._pump())
        self.enqueue(self._hello())  # the first frame, as documented
        # Join, then read: live frames that race the read wait in the buffer.
        await self.hub.join(self)
        self.joined = True
        if after is None:
            rows = await database_sync_to_async(queries.messages_before)(self.group_id, None)
            self._send_rows(rows, force=True)
        else:
            self.last_seq = max(after, 0)
            while True:
                rows = await database_sync_to_async(queries.messages_after)(
                    self.group_id, self.last_seq
                )
                self._send_rows(rows)
                if len(rows) < queries.RESUME_LIMIT:
                    break
                await self._outbox_below(MAX_OUTBOX // 2)  # a long resume goes page by page
        self.syncing = False
        self._drain()
        if not self.paused:
            for text in self.held_controls:
                self.enqueue(text)
            self.held_controls = []
        self.enqueue(dumps({"type": "synced", "last_seq": self.last_seq}))
        if not self.paused and self.seen_upto > self.last_seq:  # offered while a recheck ran
            self._schedule_gap_fill(0, upto=self.seen_upto)

    def _hello(self) -> str:
        return dumps(
            {
                "type": "hello",
                "you": {
                    "handle": self.handle,
                    "can_post": self.can_post,
                    "reason": "" if self.can_post else self.cannot_post_reason,
                    "is_staff": self.is_staff,
                },
                "room": {"locked": self.locked, "slow_mode": self.slow_mode},
                "presence": self.hub.handles_present(self.group_id, also=self.handle),
            }
        )

    def _frame_for(self, seq: int, author_id: int, payload: dict[str, Any]) -> str:
        full, public = live.message_frames(payload)
        return full if self.sees_full(author_id) else public

    def _send_rows(self, rows: list[tuple[int, int, dict[str, Any]]], force: bool = False) -> None:
        for seq, author_id, payload in rows:
            if force or seq > self.last_seq:
                self.enqueue(self._frame_for(seq, author_id, payload))
                self.last_seq = max(self.last_seq, seq)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "counted", False):
            self.counted = False
            metrics.WEBSOCKET_CONNECTIONS.labels("room").dec()
        if getattr(self, "joined", False):
            self.joined = False
            await self.hub.leave(self)
            self.pump.cancel()
            for task in (self.gap_task, self.recheck_task):
                if task is not None:
                    task.cancel()

    # -- delivery (called by the hub on this loop) ------------------------------------------

    def sees_full(self, author_id: int) -> bool:
        return self.is_staff or author_id == self.user.pk

    def deliver(self, seq: int, text: str) -> None:
        if self.paused:  # fetched again once this socket's permissions are checked
            self.seen_upto = max(self.seen_upto, seq)
            return
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
        if self.syncing or self.paused:
            self.held_controls.append(text)
        else:
            self.enqueue(text)

    def presence(self, text: str) -> None:
        if self.paused:
            self.presence_missed = True
        else:
            self.enqueue(text)

    def check_behind(self, stored_last_seq: int) -> None:
        """Called every few seconds with the room's stored last sequence number (Redis mode)."""
        if self.syncing or self.paused:
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
        if upto <= self.last_seq or self.paused:
            return
        rows = await self.hub.fetch_between(self.group_id, self.last_seq, upto)
        for seq, author_id, payload in rows:
            self.deliver(seq, self._frame_for(seq, author_id, payload))

    # -- what this person may do changed (access.changed) -----------------------------------

    def recheck_if_paused(self) -> None:
        if self.joined and self.paused and (self.recheck_task is None or self.recheck_task.done()):
            self.recheck()

    def recheck(self) -> None:
        """Delivery is paused (the hub did it when the event arrived); check with the database."""
        if self.recheck_task is not None and not self.recheck_task.done():
            self.recheck_again = True  # another change while checking: check once more after
            return
        self.recheck_task = asyncio.get_running_loop().create_task(self._recheck())

    async def _recheck(self) -> None:
        with translation.override(
            self.language
        ):  # a task of the hub's, not of this socket's frames
            await self._recheck_permissions()

    async def _recheck_permissions(self) -> None:
        while True:
            self.recheck_again = False
            before = (self.can_post, self.cannot_post_reason, self.is_staff)
            try:
                may_read = await database_sync_to_async(self._load_permissions)()
            except Exception:
                log.exception("re-checking a room socket's permissions failed; closing it")
                may_read = False
            if not may_read:
                self._error(
                    "",
                    "not_allowed",
                    _("You are no longer a member of this group, so this room is closed to you."),
                )
                with contextlib.suppress(TimeoutError):  # let the client read why first
                    await asyncio.wait_for(self._outbox_below(0), 2)
                self.closing = True
                await self.close(code=CLOSE_FORBIDDEN)
                return
            if not self.recheck_again:
                break
        self.paused = False
        if (self.can_post, self.cannot_post_reason, self.is_staff) != before:
            self.enqueue(self._hello())
        elif self.presence_missed:
            self.enqueue(
                dumps({"type": "presence", "handles": self.hub.handles_present(self.group_id)})
            )
        self.presence_missed = False
        if self.syncing:
            return  # connect() is still reading; it delivers what was held once it is done
        # Frames waiting before the pause were chosen for the old permissions: fetch them again.
        upto = max([self.seen_upto, *self.buffer])
        self.buffer.clear()
        self.seen_upto = 0
        held, self.held_controls = self.held_controls, []
        for text in held:
            self.enqueue(text)
        if upto > self.last_seq:
            self._schedule_gap_fill(0, upto=upto)

    # -- sending to the client ---------------------------------------------------------------

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
                frame = self.outbox.popleft()
                await self.base_send({"type": "websocket.send", "text": frame})
                if frame.startswith('{"type":"message"'):
                    metrics.MESSAGES_DELIVERED.inc()  # /metrics: alongside_messages_delivered_total

    # -- frames from the client --------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        with translation.override(self.language):
            await self._receive(text_data)

    async def _receive(self, text_data: str | None) -> None:
        try:
            data = json.loads(text_data or "")
            kind = data.get("type")
        except (ValueError, AttributeError, RecursionError):
            self._error(
                "", "bad_frame", _("That message could not be read. Please reload the page.")
            )
            return
        if kind == "send":
            await self._send_message(data)
        elif kind == "history":
            await self._history(data)
        elif kind == "resume":
            await self._resume(data)
        elif kind in ("edit", "remove"):
            await self._change_message(kind, data)
        elif kind == "read":
            await self._read(data)
        elif kind == "ping":
            self.enqueue(dumps({"type": "pong"}))
        else:
            self._error(str(data.get("client_id", ""))[:100], "bad_frame", _("Unknown request."))

    def _error(self, client_id: str, code: str, message: str, **extra: Any) -> None:
        self.enqueue(
            dumps(
                {"type": "error", "client_id": client_id, "code": code, "message": message, **extra}
            )
        )

    async def _send_message(self, data: dict[str, Any]) -> None:
        client_id, text = data.get("client_id", ""), data.get("text", "")
        if not isinstance(client_id, str) or not isinstance(text, str):
            self._error(
                str(client_id)[:100],
                "bad_frame",
                _("That message could not be read. Please reload the page."),
            )
            return
        try:
            posted = await actions.post_room_message(self, client_id, text, self.hub)
        except actions.RoomError as exc:
            extra = {} if exc.retry_after is None else {"retry_after": exc.retry_after}
            self._error(client_id[:100], exc.code, exc.message, **extra)
            return
        stored, verdict = posted.stored, posted.verdict
        self.enqueue(
            dumps(
                {
                    "type": "ack",
                    "client_id": client_id,
                    "seq": stored.seq,
                    "visibility": stored.visibility,
                    "duplicate": not stored.created,
                    "notice": verdict.author_notice if verdict is not None else "",
                    "resources": list(verdict.resources) if verdict is not None else [],
                }
            )
        )

    async def _change_message(self, kind: str, data: dict[str, Any]) -> None:
        """The author edits or removes their own message. The action checks, with the database as
        it is now, that they wrote it and (to edit) may still post; everyone's sockets get the
        change as an `edit` / `removed` frame through the room's events."""
        seq, text = _seq(data.get("seq")), data.get("text", "")
        if seq is None or (kind == "edit" and not isinstance(text, str)):
            self._error(
                "",
                "bad_frame",
                _("That message could not be read. Please reload the page."),
                seq=seq,
            )
            return
        # An edit reaches everyone like a new message, so it counts toward the same rate limit.
        count, window = actions.rate_limit()
        slot = await self.hub.limiter.acquire(self.group_id, self.user.pk, count, window, 0)
        if slot.refused:
            self._error(
                "",
                "rate_limited",
                _("You're changing messages quickly. Please wait %(n)d seconds.")
                % {"n": slot.retry_after},
                seq=seq,
                retry_after=slot.retry_after,
            )
            return
        try:
            if kind == "edit":
                message, verdict = await database_sync_to_async(actions.edit_room_message)(
                    self.user, self.group, seq, text
                )
            else:
                message = await database_sync_to_async(actions.remove_room_message)(
                    self.user, self.group, seq
                )
                verdict = None
        except actions.RoomError as exc:
            self._error("", exc.code, exc.message, seq=seq)
            return
        except Exception:
            log.exception(
                "a room message could not be %s", "edited" if kind == "edit" else "removed"
            )
            self._error(
                "",
                "not_stored",
                _("That change could not be saved just now. Please try again."),
                seq=seq,
                retry_after=2,
            )
            return
        self.enqueue(
            dumps(
                {
                    "type": f"{kind}_ack",
                    "seq": seq,
                    "visibility": message.visibility,
                    "notice": verdict.author_notice if verdict is not None else "",
                    "resources": list(verdict.resources) if verdict is not None else [],
                }
            )
        )

    def _may_read(self) -> bool:
        """Checked again for each page of history: current, not what was true at connect."""
        user = get_user_model().objects.filter(pk=self.user.pk, is_active=True).first()
        return user is not None and access.can_view_content(user, self.group)

    async def _history(self, data: dict[str, Any]) -> None:
        before = _seq(data.get("before"))
        if not await database_sync_to_async(self._may_read)():
            self._error(
                "",
                "not_allowed",
                _("You are no longer a member of this group, so this room is closed to you."),
            )
            return
        rows = await database_sync_to_async(queries.messages_before)(
            self.group_id, before, queries.PAGE + 1
        )
        more = len(rows) > queries.PAGE
        rows = rows[-queries.PAGE :]
        messages = [json.loads(self._frame_for(s, a, p))["message"] for s, a, p in rows]
        self.enqueue(dumps({"type": "history", "messages": messages, "more": more}))

    async def _read(self, data: dict[str, Any]) -> None:
        """The person has seen the room up to `seq`: their next visit opens after it."""
        seq = _seq(data.get("seq"))
        if seq is None or not await database_sync_to_async(self._may_read)():
            return
        await database_sync_to_async(actions.mark_room_read)(self.user, self.group, seq)

    async def _resume(self, data: dict[str, Any]) -> None:
        """The client saw a gap: send everything after `after` again, in order (it drops dups)."""
        after = _seq(data.get("after")) or 0
        if self.paused or not await database_sync_to_async(self._may_read)():
            return  # a recheck is under way; it fills the gap if this socket may still read
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


def _seq(value: Any) -> int | None:
    """A sequence number from a client frame, or None (a bad or absurd one is ignored)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        seq = int(value)
    except ValueError:
        return None
    return seq if 0 <= seq < 2**62 else None
