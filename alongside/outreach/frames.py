"""New outreach messages on the per-person live channel (alongside/core/personal.py). The frame
carries no message text: it tells an open conversation page to fetch its messages (for staff that
fetch is the audited read) and announces who wrote."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from alongside.core.events import Event
from alongside.core.personal import register_frame
from alongside.outreach import queries
from alongside.outreach.models import Conversation, OutreachMessage, Role


def message_frame(user: Any, event: Event) -> dict[str, Any] | None:
    conversation = (
        Conversation.objects.filter(pk=int(event.payload.get("conversation_id") or 0))
        .select_related("group")
        .first()
    )
    if conversation is None or not queries.can_read(user, conversation):
        return None
    message = (
        OutreachMessage.objects.filter(
            pk=int(event.payload.get("message_id") or 0), conversation=conversation
        )
        .select_related("author")
        .first()
    )
    if message is None:
        return None
    frame: dict[str, Any] = {
        "conversation": conversation.pk,
        "trigger": f"alongside-outreach-{conversation.pk}",
    }
    if message.author_id != user.pk:
        who = message.author.handle if message.author else _("someone")
        frame["announce"] = _("New private message from %(handle)s (%(role)s).") % {
            "handle": who,
            "role": Role(message.role).label,
        }
    return frame


def register() -> None:

    register_frame("outreach.message", message_frame)
