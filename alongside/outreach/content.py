"""A member's outreach message as content safety can look up: an alert raised from a reply shows
it to the staff on that alert and links to the conversation. Nothing here is ever held or hidden
(its only readers are the member and those staff), so visibility changes do nothing."""

from __future__ import annotations

from typing import Any

from alongside.outreach.actions import SOURCE
from alongside.outreach.models import OutreachMessage
from alongside.safety.content import ContentRef, ContentSource, register_source


def _lookup(object_id: int) -> ContentRef | None:

    m = (
        OutreachMessage.objects.filter(pk=object_id)
        .select_related("conversation__group", "author")
        .first()
    )
    if m is None:
        return None
    return ContentRef(
        source=SOURCE,
        object_id=m.pk,
        group=m.conversation.group,
        author=m.author,
        text=m.text,
        url=m.conversation.get_absolute_url(),
    )


def _set_visibility(object_id: int, visibility: str, actor: Any) -> None:
    return None  # private between the member and staff: there is nobody to hide it from


def register() -> None:

    register_source(ContentSource(name=SOURCE, lookup=_lookup, set_visibility=_set_visibility))
