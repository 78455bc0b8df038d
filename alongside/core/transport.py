"""Carries live events between processes. Without Redis there is only this process, and this
module does nothing; with REDIS_URL set, the rooms issue's carrier replaces `send` (see
alongside/core/events.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alongside.core.events import Event


def send(event: Event) -> None:
    """Send an event to the other processes (nothing to do in one process)."""
    return None
