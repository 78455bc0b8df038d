"""Registry of the kinds of content safety can act on (room messages, thread posts, …).

Apps that own content register a `ContentSource` so the moderation queue and reports can read and
change it without importing that app: e.g. in rooms/apps.py `ready()`:
    register_source(ContentSource(name="room_message", lookup=..., set_visibility=...))
- `lookup(object_id) -> ContentRef | None`: the group, author and text of one item.
- `set_visibility(object_id, visibility, actor)`: "visible" | "held" | "hidden"; the owner app does
  the state change in its own actions and tells live clients (a hidden message disappears for everyone).
- `tell_author(object_id, notice, resources)` (optional): show a private notice to the author
  where they are now (e.g. the live room), for safety responses that come after posting.
- `context(object_id, around)` (optional): the item with up to `around` items before and after it
  where it was posted (the room, the thread), oldest first, so a moderator reads it in context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ContentRef:
    source: str
    object_id: int
    group: Any
    author: Any
    text: str
    url: str = ""
    # The author's own changes: when they edited or removed it, and what it said before — kept
    # only while it is under review (see rooms.actions); the newest last.
    changes: tuple[ContentChange, ...] = ()


@dataclass(frozen=True)
class ContentChange:
    kind: str  # "edited" | "removed"
    at: datetime
    earlier_text: str  # what it said just before this change ("" when not kept)


@dataclass(frozen=True)
class ContextLine:
    """One item around the one under review. A hidden item's text is not shown again."""

    object_id: int
    author: str  # handle
    text: str
    created_at: datetime
    visibility: str  # "visible" | "held" | "hidden"
    is_subject: bool = False


@dataclass(frozen=True)
class ContentSource:
    name: str
    lookup: Callable[[int], ContentRef | None]
    set_visibility: Callable[[int, str, Any], None]
    tell_author: Callable[[int, str, list[dict[str, str]]], None] | None = None
    context: Callable[[int, int], list[ContextLine]] | None = None


SOURCES: dict[str, ContentSource] = {}


def register_source(source: ContentSource) -> None:
    SOURCES[source.name] = source


def lookup(source: str, object_id: int) -> ContentRef | None:
    src = SOURCES.get(source)
    return src.lookup(object_id) if src else None


def tell_author(source: str, object_id: int, notice: str, resources: list[dict[str, str]]) -> None:
    src = SOURCES.get(source)
    if src is not None and src.tell_author is not None:
        src.tell_author(object_id, notice, resources)


def context(source: str, object_id: int, around: int = 3) -> list[ContextLine]:
    src = SOURCES.get(source)
    if src is None or src.context is None:
        return []
    return src.context(object_id, around)
