"""Room messages and thread posts as content the safety app can look up and act on."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.core import events
from alongside.safety.content import ContentRef, ContentSource, register_source


def _lookup_message(object_id: int) -> ContentRef | None:
    from alongside.rooms.models import Message

    m = Message.objects.filter(pk=object_id).select_related("group", "author").first()
    if m is None:
        return None
    return ContentRef(source="room_message", object_id=m.pk, group=m.group, author=m.author,
                      text=m.text, url=reverse("rooms:room", args=[m.group.slug]) + f"#m{m.seq}")


def _set_message_visibility(object_id: int, visibility: str, actor: Any) -> None:
    from alongside.rooms import actions
    from alongside.rooms.models import Message

    m = Message.objects.select_related("group", "author").get(pk=object_id)
    actions.set_message_visibility(m, visibility, actor)


def _tell_message_author(object_id: int, notice: str, resources: list[dict[str, str]]) -> None:
    """A private notice for the author, wherever they are (their tabs of the room get it as a
    `notice` frame; nobody else's socket does), once the caller's transaction commits."""
    from alongside.rooms.models import Message

    m = Message.objects.filter(pk=object_id).values("group_id", "author_id").first()
    if m is not None and m["author_id"] is not None:
        events.publish_on_commit(events.SAFETY_NOTICE, {"notice": notice, "resources": resources},
                                 group_id=m["group_id"], user_ids=[m["author_id"]])


def _lookup_post(object_id: int) -> ContentRef | None:
    from alongside.rooms.models import ThreadPost

    p = ThreadPost.objects.filter(pk=object_id).select_related("thread__group", "author").first()
    if p is None:
        return None
    return ContentRef(source="thread_post", object_id=p.pk, group=p.thread.group, author=p.author,
                      text=p.text,
                      url=reverse("rooms:thread", args=[p.thread.group.slug, p.thread_id]) + f"#p{p.pk}")


def _set_post_visibility(object_id: int, visibility: str, actor: Any) -> None:
    from alongside.rooms import actions
    from alongside.rooms.models import ThreadPost

    p = ThreadPost.objects.select_related("thread__group", "author").get(pk=object_id)
    actions.set_post_visibility(p, visibility, actor)


def register() -> None:
    register_source(ContentSource(name="room_message", lookup=_lookup_message,
                                  set_visibility=_set_message_visibility, tell_author=_tell_message_author))
    register_source(ContentSource(name="thread_post", lookup=_lookup_post,
                                  set_visibility=_set_post_visibility))
