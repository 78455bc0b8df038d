"""Live events: the one way any app tells open pages and sockets that something happened.

An action publishes an event *after its transaction commits* (as Zulip's `send_event_on_commit`),
so nobody is told about a change that was rolled back. Who receives it is said by the event's
audience, never by the publisher reaching into a transport:

- `group_id`: everyone connected to that group's live room (`staff_only`: its facilitators and
  moderators only);
- `user_ids`: these people, on whatever page or room they have open (a private notice, an alert
  for the staff who may act on it, an outreach message);
- both: these people, and in that group's room only their own sockets.

Subscribers (the rooms hub, the per-person live channel) register from their app's `ready()` with
`subscribe()`. Handlers are called in the publishing thread (for room messages: the rooms writer
thread, once per stored message) and must be cheap and must not block: a handler that owns an
event loop hands the event over with `loop.call_soon_threadsafe`. Payloads are shared by every
subscriber and must not be changed. With Redis configured the event also reaches every other
process (web servers, workers) — see `transport`; a process that serves sockets calls
`await listen()` once (the rooms hub does) to receive the others' events.

## Kinds

Every kind is named here, with its audience and payload. A kind not handled specially by the rooms
hub that has a `group_id` reaches that room's clients as `{"type": "event", "event": payload}`.

| kind | audience | payload |
|---|---|---|
| `room.message` | group | `{"message": {seq, id, client_id, author, html, created_at, pinned, visibility}, "author_id"}`: a stored room message; the hub shows a held one in full only to its author and the group's staff, as a placeholder to everyone else |
| `room.control` | group (`staff_only` for staff frames) | a room frame exactly as clients get it: `hide`, `show`, `pin`, `room`, `first_post_waiting`; `edit` and `removed` carry `author_id` too, and the hub gives a held edit only to its author and staff (README, "Live rooms protocol") |
| `room.presence` | group | `{"origin", "handles"}`: who is connected to the room through one server process (the rooms hubs' own bookkeeping) |
| `meeting.live` | group | `{"kind": "meeting", "meeting", "state"}`: a live meeting's panel changed; room clients get it as an `event` frame |
| `safety.notice` | user (+ group: in that room, only their sockets) | `{"notice", "resources"}`: a private notice for the author of a message (e.g. from the second look) |
| `access.changed` | users and/or group | `{}`: what these people (or everyone in the group) may read or do there may have changed — membership, role, consent, a mute or suspension, staff flags. Open sockets stop delivering at once and check again with the database |
| `notification.new` | user | `{"notification_id"}`: a new notification for this person (notifications.actions); their open pages update the header's count and announce it |
| `notification.read` | user | `{}`: this person read one or all of their notifications; their other open pages update the count |
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from alongside.core import transport

log = logging.getLogger(__name__)

ROOM_MESSAGE = "room.message"
ROOM_CONTROL = "room.control"
ROOM_PRESENCE = "room.presence"
MEETING_LIVE = "meeting.live"
SAFETY_NOTICE = "safety.notice"
ACCESS_CHANGED = "access.changed"


@dataclass(frozen=True)
class Event:
    kind: str  # what happened: one of the kinds above
    payload: dict[str, Any] = field(default_factory=dict)
    group_id: int | None = None
    user_ids: tuple[int, ...] = ()
    staff_only: bool = False

    def to_wire(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "payload": self.payload,
            "group_id": self.group_id,
            "user_ids": list(self.user_ids),
            "staff_only": self.staff_only,
        }

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Event:
        group_id = data.get("group_id")
        return cls(
            kind=str(data["kind"]),
            payload=dict(data.get("payload") or {}),
            group_id=int(group_id) if group_id is not None else None,
            user_ids=tuple(int(u) for u in data.get("user_ids") or ()),
            staff_only=bool(data.get("staff_only")),
        )


Handler = Callable[[Event], None]
_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    """Receive every event published in this process or (with Redis) any other."""
    if handler not in _handlers:
        _handlers.append(handler)


def unsubscribe(handler: Handler) -> None:
    if handler in _handlers:
        _handlers.remove(handler)


def deliver_locally(event: Event) -> None:
    """Hand an event to this process's subscribers. One failing subscriber never stops the rest."""
    for handler in list(_handlers):
        try:
            handler(event)
        except Exception:
            log.exception("live event subscriber %r failed on %s", handler, event.kind)


def publish(event: Event) -> None:
    """Send now. Prefer `publish_on_commit` from an action."""
    publish_all([event])


def publish_all(events: list[Event]) -> None:
    """Send several events now, to the other processes as one message (the rooms write batch)."""
    for event in events:
        deliver_locally(event)
    transport.send(events)


def make_event(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    group_id: int | None = None,
    user_ids: Iterable[int] = (),
    staff_only: bool = False,
) -> Event:
    return Event(
        kind=kind,
        payload=payload or {},
        group_id=group_id,
        user_ids=tuple(int(u) for u in user_ids),
        staff_only=staff_only,
    )


def publish_on_commit(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    group_id: int | None = None,
    user_ids: Iterable[int] = (),
    staff_only: bool = False,
) -> Event:
    """Publish once the current transaction commits (at once when there is none)."""
    event = make_event(kind, payload, group_id=group_id, user_ids=user_ids, staff_only=staff_only)
    transaction.on_commit(lambda: publish(event))
    return event


def publish_all_on_commit(events: list[Event]) -> None:
    """Publish several events once the current transaction commits, as one message to the other
    processes."""
    if events:
        transaction.on_commit(lambda: publish_all(events))


def _receive(wire: dict[str, Any]) -> None:
    deliver_locally(Event.from_wire(wire))


async def listen() -> None:
    """Receive the other processes' events in this process from now on (with Redis; call from a
    coroutine of a process that serves sockets; idempotent, returns once subscribed)."""
    await transport.listen(_receive)


async def stop_listening() -> None:
    await transport.stop_listening()
