"""The per-person live channel: one WebSocket (`/ws/me/`) that every signed-in page opens, carrying
the live events addressed to that person (`user_ids`) — a private safety notice, an on-call alert,
an outreach message — to whatever page they have open.

Nothing reaches the browser unchecked: events are published with `core.events.publish_on_commit`
and arrive here through `core.events.subscribe` (from any process, with Redis); for each one, on each connection, the channel
re-reads the person *at that moment* (is the session still signed in, the account still active?)
and hands the event to the renderer its app registered for that kind, which checks what the person
may see now (e.g. can they still act on this alert?) and returns the frame, or None to drop it.
Kinds nobody registered are never sent.

Apps register from their AppConfig.ready():
    register_frame("safety.alert", render_alert_frame, on_connect=current_banner)
- `render(user, event) -> dict | None`: runs in a worker thread (it may read the database), with
  the page's language active; the dict is sent as JSON.
- `on_connect(user) -> list[dict]`: frames that bring a freshly (re)connected page up to date.

Frames the page understands (alongside/static/alongside/live.js), all optional:
    {"type": kind, "regions": [{"id": element id, "html": ..., "mode": "replace"|"prepend"|"append"}],
     "announce": text for screen readers, "trigger": DOM event name to fire on <body>, ...}
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user
from django.utils import translation

from alongside.core import events, metrics

log = logging.getLogger(__name__)

CLOSE_SIGNED_OUT = 4401  # the page should not reconnect: the person is no longer signed in
RECHECK_SECONDS = 60.0  # a signed-out session is noticed within this long even with no events
MAX_QUEUED = 200  # events waiting for one slow connection; older ones are dropped past this

Frame = dict[str, Any]
Renderer = Callable[[Any, events.Event], Frame | None]
OnConnect = Callable[[Any], list[Frame]]


@dataclass(frozen=True)
class _Registration:
    render: Renderer
    on_connect: OnConnect | None = None


_registry: dict[str, _Registration] = {}


def register_frame(kind: str, render: Renderer, *, on_connect: OnConnect | None = None) -> None:
    """Let events of `kind` reach the people they are addressed to, rendered by `render`."""
    _registry[kind] = _Registration(render, on_connect)


# -- this process's connections ------------------------------------------------------------

_connections: dict[int, set[PersonalChannel]] = defaultdict(set)
_lock = threading.Lock()


def _on_event(event: events.Event) -> None:
    """Called in the publishing thread: hand the event to each addressee's connections, on their
    own event loop (never block here)."""
    if not event.user_ids or event.kind not in _registry:
        return
    with _lock:
        targets = [conn for uid in set(event.user_ids) for conn in _connections.get(uid, ())]
    for conn in targets:
        with contextlib.suppress(RuntimeError):  # that loop has closed: the connection is gone
            conn.loop.call_soon_threadsafe(conn.queue_event, event)


def connected_user_ids() -> set[int]:
    """People with at least one open channel in this process (tests, diagnostics)."""
    with _lock:
        return {uid for uid, conns in _connections.items() if conns}


def _language(query: dict[str, list[str]], user: Any) -> str:
    """The page's language (it says which it was rendered in), else the person's, else the site's."""
    codes = {code for code, _name in settings.LANGUAGES}
    for candidate in ((query.get("lang") or [""])[0], getattr(user, "ui_language", "")):
        if candidate in codes:
            return candidate
    return settings.LANGUAGE_CODE


class PersonalChannel(AsyncWebsocketConsumer):
    # Not on the channel layer: events come through core.events (and, across processes, its
    # transport), so a connection costs no Redis subscription.
    channel_layer_alias = "__personal_channel_uses_core_events__"

    loop: asyncio.AbstractEventLoop

    async def connect(self) -> None:
        self.registered = False
        user = self.scope.get("user")
        session = self.scope.get("session")
        if user is None or not user.is_authenticated or session is None or not session.session_key:
            await self.close(code=CLOSE_SIGNED_OUT)  # before accepting: the handshake gets a 403
            return
        self.user_id = int(user.pk)
        self.session_key = str(session.session_key)
        self.lang = _language(parse_qs(self.scope.get("query_string", b"").decode()), user)
        self.loop = asyncio.get_running_loop()
        self.pending: asyncio.Queue[events.Event] = asyncio.Queue()
        # Idempotent; registering on first use keeps core's ready() lean.
        events.subscribe(_on_event)
        # With Redis, hear the other processes' events too (a worker's alert, another web
        # process's notice); idempotent, one subscriber per process.
        await events.listen()
        await self.accept()
        self.counted = True
        metrics.WEBSOCKET_CONNECTIONS.labels("personal").inc()
        # Listen first, then read the current state: an event that races the read waits in the
        # queue and is delivered after it, so the page never ends up older than the database.
        with _lock:
            _connections[self.user_id].add(self)
        self.registered = True
        self.watch = self.loop.create_task(self._watch())
        frames = await database_sync_to_async(self._frames_on_connect)()
        if frames is None:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        await self.send(text_data=_dumps({"type": "hello"}))
        for frame in frames:
            await self.send(text_data=_dumps(frame))
        self.pump = self.loop.create_task(self._pump())

    async def disconnect(self, code: int) -> None:
        if getattr(self, "counted", False):
            self.counted = False
            metrics.WEBSOCKET_CONNECTIONS.labels("personal").dec()
        if getattr(self, "registered", False):
            self.registered = False
            with _lock:
                conns = _connections.get(self.user_id)
                if conns is not None:
                    conns.discard(self)
                    if not conns:
                        del _connections[self.user_id]
            self.watch.cancel()
            if getattr(self, "pump", None) is not None:
                self.pump.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            kind = json.loads(text_data or "").get("type")
        except (ValueError, AttributeError):
            kind = None
        if kind == "ping":  # keeps idle connections open through proxies
            await self.send(text_data='{"type":"pong"}')

    # -- delivery ----------------------------------------------------------------------------

    def queue_event(self, event: events.Event) -> None:
        if not self.registered:
            return
        if self.pending.qsize() >= MAX_QUEUED:
            log.warning(
                "personal channel of user %s is %d events behind; dropping the oldest",
                self.user_id,
                MAX_QUEUED,
            )
            self.pending.get_nowait()
        self.pending.put_nowait(event)

    async def _pump(self) -> None:
        # One at a time, in order: a later state of the same thing never overtakes an earlier one.
        while True:
            event = await self.pending.get()
            try:
                frame = await database_sync_to_async(self._render)(event)
            except Exception:
                log.exception(
                    "rendering live event %s for user %s failed", event.kind, self.user_id
                )
                continue
            if frame is _SIGNED_OUT:
                await self.close(code=CLOSE_SIGNED_OUT)
                return
            if frame is not None:
                await self.send(text_data=_dumps(frame))

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(RECHECK_SECONDS)
            if await database_sync_to_async(self._current_user)() is None:
                await self.close(code=CLOSE_SIGNED_OUT)
                return

    # -- in a worker thread ------------------------------------------------------------------

    def _current_user(self) -> Any:
        """The person as they are now, or None when this session no longer signs them in (signed
        out, password changed, account deactivated or erased)."""
        store = import_module(settings.SESSION_ENGINE).SessionStore(self.session_key)
        user = get_user(SimpleNamespace(session=store))  # type: ignore[arg-type]
        if not user.is_authenticated or user.pk != self.user_id or not user.is_active:
            return None
        return user

    def _render(self, event: events.Event) -> Frame | None | object:
        user = self._current_user()
        if user is None:
            return _SIGNED_OUT
        registration = _registry.get(event.kind)
        if registration is None:
            return None
        with translation.override(self.lang):
            frame = registration.render(user, event)
        if frame is not None:
            frame.setdefault("type", event.kind)
        return frame

    def _frames_on_connect(self) -> list[Frame] | None:
        user = self._current_user()
        if user is None:
            return None
        frames: list[Frame] = []
        with translation.override(self.lang):
            for kind, registration in list(_registry.items()):
                if registration.on_connect is None:
                    continue
                try:
                    for frame in registration.on_connect(user):
                        frame.setdefault("type", kind)
                        frames.append(frame)
                except Exception:
                    log.exception("live channel: on_connect for %s failed", kind)
        return frames


_SIGNED_OUT = object()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
