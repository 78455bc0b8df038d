"""Reads of rooms and threads that several places need (consumer, views, safety)."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from alongside.groups import access
from alongside.groups.models import Group
from alongside.rooms import fulltext
from alongside.rooms.models import FirstPost, Message, Room, Thread, ThreadPost, Visibility

PAGE = 50
RESUME_LIMIT = 1000  # per frame batch; a resume larger than this continues in further batches


def last_seqs(group_ids: list[int]) -> dict[int, int]:
    return dict(Room.objects.filter(group_id__in=group_ids).values_list("group_id", "last_seq"))


def room_state(group: Group) -> Room:
    """The room's settings; a room nobody has posted in yet reads as the defaults (writes go
    through actions.ensure_room)."""
    return Room.objects.filter(group=group).first() or Room(group=group)


def _payloads(messages: QuerySet[Message]) -> list[tuple[int, int, dict[str, Any]]]:
    return _payloads_list(list(messages))


def messages_after(group_id: int, after: int, limit: int = RESUME_LIMIT) -> list[tuple[int, int, dict[str, Any]]]:
    """(seq, author id, payload) of the messages after `after`, oldest first: resume."""
    qs = (Message.objects.filter(group_id=group_id, seq__gt=after).select_related("author")
          .order_by("seq")[:limit])
    return _payloads(qs)


def messages_between(group_id: int, after: int, upto: int) -> list[tuple[int, int, dict[str, Any]]]:
    qs = (Message.objects.filter(group_id=group_id, seq__gt=after, seq__lte=upto)
          .select_related("author").order_by("seq"))
    return _payloads(qs)


def messages_before(group_id: int, before: int | None, limit: int = PAGE) -> list[tuple[int, int, dict[str, Any]]]:
    """A page of history, oldest first, ending just before `before` (or at the newest)."""
    qs = Message.objects.filter(group_id=group_id).select_related("author")
    if before is not None:
        qs = qs.filter(seq__lt=before)
    rows = list(qs.order_by("-seq")[:limit])
    rows.reverse()
    return _payloads_list(rows)


def _payloads_list(rows: list[Message]) -> list[tuple[int, int, dict[str, Any]]]:
    from alongside.rooms.actions import message_payload

    return [(m.seq, m.author_id, message_payload(m, m.author.handle)) for m in rows]


def visible_to(viewer: Any, group: Group, rows: list[tuple[int, int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """What this viewer may see of each message: held ones only for their author and staff,
    hidden ones for nobody; the others become a placeholder that keeps the sequence whole."""
    staff = access.is_group_staff(viewer, group)
    out = []
    for seq, author_id, payload in rows:
        vis = payload["visibility"]
        if vis == Visibility.VISIBLE or (vis == Visibility.HELD and (staff or author_id == viewer.pk)):
            out.append(payload)
        else:
            out.append({"seq": seq, "visible": False})
    return out


def pinned_messages(group: Group) -> list[Message]:
    return list(Message.objects.filter(group=group, pinned=True, visibility=Visibility.VISIBLE)
                .select_related("author").order_by("seq"))


def threads(group: Group) -> QuerySet[Thread]:
    return Thread.objects.filter(group=group).select_related("author")


def thread_posts(viewer: Any, thread: Thread) -> list[ThreadPost]:
    staff = access.is_group_staff(viewer, thread.group)
    qs = thread.posts.select_related("author")
    if staff:
        return list(qs.exclude(visibility=Visibility.HIDDEN))
    return list(qs.filter(Q(visibility=Visibility.VISIBLE) | Q(visibility=Visibility.HELD, author=viewer)))


def search(viewer: Any, group: Group, q: str, limit: int = 50) -> tuple[list[Message], list[ThreadPost]]:
    """The group's messages and thread posts that match `q`. Members only (the caller checks
    can_view_content); held items only for their author, hidden ones never.

    On PostgreSQL: full-text search in the group's language (rooms/fulltext.py; web-search syntax:
    "a phrase", `or`, `-word`), best matches first, then newest. On SQLite, or when the query is
    only very common words: the text as typed, case-insensitive, newest first."""
    q = q.strip()
    if not q:
        return [], []
    seen = Q(visibility=Visibility.VISIBLE) | Q(visibility=Visibility.HELD, author=viewer)
    messages = Message.objects.filter(seen, group=group).select_related("author")
    posts = ThreadPost.objects.filter(seen, thread__group=group).select_related("author", "thread")
    config = fulltext.config_for(group.language)
    if fulltext.enabled() and fulltext.has_words(config, q):
        query = SearchQuery(q, search_type="websearch", config=config)
        rank = SearchRank(F("search_vector"), query)
        messages = messages.filter(search_vector=query).annotate(rank=rank).order_by("-rank", "-seq")
        posts = posts.filter(search_vector=query).annotate(rank=rank).order_by("-rank", "-created_at")
    else:
        messages = messages.filter(text__icontains=q).order_by("-seq")
        posts = posts.filter(text__icontains=q).order_by("-created_at")
    return list(messages[:limit]), list(posts[:limit])


def waiting_first_posts(group: Group) -> list[FirstPost]:
    """Surfaced first posts that still have no reply, for the group's facilitators."""
    from alongside.rooms.actions import first_post_is_answered

    return [fp for fp in FirstPost.objects.filter(group=group, surfaced_at__isnull=False,
                                                  answered_at__isnull=True).select_related("author")
            if not first_post_is_answered(fp)]
