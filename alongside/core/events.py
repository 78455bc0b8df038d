"""Live events: the one way any app tells open pages and sockets that something happened.

An action publishes an event *after its transaction commits* (as Zulip's `send_event_on_commit`),
so nobody is told about a change that was rolled back. Who receives it is said by the event's
audience, never by the publisher reaching into a transport:

- `group_id`: everyone connected to that group's live room (`staff_only`: its facilitators and
  moderators only);
- `user_ids`: these people, on whatever page or room they have open (a private notice, an alert
  for the staff who may act on it, an outreach message).

Subscribers (the rooms hub, the per-person live channel) register from their app's `ready()` with
`subscribe()`. Handlers are called in the publishing thread and must not block: a handler that
owns an event loop hands the event over with `loop.call_soon_threadsafe`. With Redis configured
the event also reaches every other process (web servers, workers) — see `transport`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    kind: str  # what happened, e.g. "room.control", "safety.notice", "safety.alert"
    payload: dict[str, Any] = field(default_factory=dict)
    group_id: int | None = None
    user_ids: tuple[int, ...] = ()
    staff_only: bool = False

    def to_wire(self) -> dict[str, Any]:
        return {"kind": self.kind, "payload": self.payload, "group_id": self.group_id,
                "user_ids": list(self.user_ids), "staff_only": self.staff_only}

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Event:
        return cls(kind=str(data["kind"]), payload=dict(data.get("payload") or {}),
                   group_id=data.get("group_id"), user_ids=tuple(data.get("user_ids") or ()),
                   staff_only=bool(data.get("staff_only")))


Handler = Callable[[Event], None]
_handlers: list[Handler] = []


def subscribe(handler: Handler) -> None:
    """Receive every event published in this process or (with Redis) any other."""
    if handler not in _handlers:
        _handlers.append(handler)


def deliver_locally(event: Event) -> None:
    """Hand an event to this process's subscribers. One failing subscriber never stops the rest."""
    for handler in list(_handlers):
        try:
            handler(event)
        except Exception:
            log.exception("live event subscriber %r failed on %s", handler, event.kind)


def publish(event: Event) -> None:
    """Send now. Prefer `publish_on_commit` from an action."""
    deliver_locally(event)
    from alongside.core import transport  # the cross-process carrier, if one is configured

    transport.send(event)


def publish_on_commit(kind: str, payload: dict[str, Any] | None = None, *, group_id: int | None = None,
                      user_ids: Iterable[int] = (), staff_only: bool = False) -> Event:
    """Publish once the current transaction commits (at once when there is none)."""
    event = Event(kind=kind, payload=payload or {}, group_id=group_id,
                  user_ids=tuple(int(u) for u in user_ids), staff_only=staff_only)
    transaction.on_commit(lambda: publish(event))
    return event
