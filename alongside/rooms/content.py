"""Room messages and thread posts as content the safety app can look up and act on."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from alongside.core import events
from alongside.rooms import actions
from alongside.rooms.models import Message, Revision, ThreadPost
from alongside.safety.content import (
    ContentChange,
    ContentRef,
    ContentSource,
    ContextLine,
    register_source,
)


def _changes(source: str, item: Any) -> tuple[ContentChange, ...]:
    """What moderators may see of the author's edits and removal (rooms.models.Revision)."""

    kept = [
        ContentChange(r.kind, r.created_at, r.text)
        for r in Revision.objects.filter(source=source, object_id=item.pk)
    ]
    kinds = {(c.kind, c.at) for c in kept}
    if item.edited_at and not any(k == "edited" for k, _at in kinds):
        kept.append(ContentChange("edited", item.edited_at, ""))
    if item.removed_at and not any(k == "removed" for k, _at in kinds):
        kept.append(ContentChange("removed", item.removed_at, ""))
    return tuple(sorted(kept, key=lambda c: c.at))


def _lookup_message(object_id: int) -> ContentRef | None:

    m = Message.objects.filter(pk=object_id).select_related("group", "author").first()
    if m is None:
        return None
    return ContentRef(
        source="room_message",
        object_id=m.pk,
        group=m.group,
        author=m.author,
        text=m.text,
        url=reverse("rooms:room", args=[m.group.slug]) + f"#m{m.seq}",
        changes=_changes("room_message", m),
    )


def _set_message_visibility(object_id: int, visibility: str, actor: Any) -> None:

    m = Message.objects.select_related("group", "author").get(pk=object_id)
    actions.set_message_visibility(m, visibility, actor)


def _tell_message_author(object_id: int, notice: str, resources: list[dict[str, str]]) -> None:
    """A private notice for the author, wherever they are (their tabs of the room get it as a
    `notice` frame; nobody else's socket does), once the caller's transaction commits."""

    m = Message.objects.filter(pk=object_id).values("group_id", "author_id").first()
    if m is not None and m["author_id"] is not None:
        events.publish_on_commit(
            events.SAFETY_NOTICE,
            {"notice": notice, "resources": resources},
            group_id=m["group_id"],
            user_ids=[m["author_id"]],
        )


def _line(item: Any, subject_id: int) -> ContextLine:
    hidden = item.visibility == "hidden"
    text = "" if hidden else item.text
    if item.removed_at is not None:
        text = gettext("Message removed by its author.")
    return ContextLine(
        object_id=item.pk,
        author=item.author.handle,
        text=text,
        created_at=item.created_at,
        visibility=item.visibility,
        is_subject=item.pk == subject_id,
    )


def _message_context(object_id: int, around: int) -> list[ContextLine]:
    """The message with the ones just before and after it in the room (by sequence number)."""

    m = Message.objects.filter(pk=object_id).values("group_id", "seq").first()
    if m is None:
        return []
    rows = (
        Message.objects.filter(
            group_id=m["group_id"], seq__gte=m["seq"] - around, seq__lte=m["seq"] + around
        )
        .select_related("author")
        .order_by("seq")
    )
    return [_line(r, object_id) for r in rows]


def _post_context(object_id: int, around: int) -> list[ContextLine]:
    """The post with the ones just before and after it in its thread."""
    p = ThreadPost.objects.filter(pk=object_id).values("thread_id", "created_at", "id").first()
    if p is None:
        return []
    same = ThreadPost.objects.filter(thread_id=p["thread_id"]).select_related("author")
    earlier = Q(created_at__lt=p["created_at"]) | Q(created_at=p["created_at"], id__lt=p["id"])
    before = list(same.filter(earlier).order_by("-created_at", "-id")[:around])
    rest = list(
        same.exclude(earlier).order_by("created_at", "id")[: around + 1]
    )  # the post and after
    return [_line(r, object_id) for r in [*reversed(before), *rest]]


def _lookup_post(object_id: int) -> ContentRef | None:

    p = ThreadPost.objects.filter(pk=object_id).select_related("thread__group", "author").first()
    if p is None:
        return None
    return ContentRef(
        source="thread_post",
        object_id=p.pk,
        group=p.thread.group,
        author=p.author,
        text=p.text,
        url=reverse("rooms:thread", args=[p.thread.group.slug, p.thread_id]) + f"#p{p.pk}",
        changes=_changes("thread_post", p),
    )


def _set_post_visibility(object_id: int, visibility: str, actor: Any) -> None:

    p = ThreadPost.objects.select_related("thread__group", "author").get(pk=object_id)
    actions.set_post_visibility(p, visibility, actor)


def register() -> None:
    register_source(
        ContentSource(
            name="room_message",
            lookup=_lookup_message,
            set_visibility=_set_message_visibility,
            tell_author=_tell_message_author,
            context=_message_context,
        )
    )
    register_source(
        ContentSource(
            name="thread_post",
            lookup=_lookup_post,
            set_visibility=_set_post_visibility,
            context=_post_context,
        )
    )
