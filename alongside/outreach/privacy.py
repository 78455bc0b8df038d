"""Private conversations in a member's data export, and deleted with their account."""

from __future__ import annotations

from typing import Any

from alongside.outreach.actions import SOURCE
from alongside.outreach.models import Conversation, OutreachMessage, Role
from alongside.safety.queries import content_under_open_alert


def export_conversations(user: Any) -> dict[str, Any]:
    conversations = (
        Conversation.objects.filter(member=user)
        .select_related("group")
        .prefetch_related("messages__author")
    )
    return {
        "conversations": [
            {
                "group": c.group.name if c.group else None,
                "started": c.created_at.isoformat(),
                "messages": [
                    {
                        "at": m.created_at.isoformat(),
                        "from": "you"
                        if m.role == Role.MEMBER
                        else (m.author.handle if m.author else None),
                        "role": m.role,
                        "text": m.text,
                    }
                    for m in c.messages.all()
                ],
            }
            for c in conversations
        ],
        # What they wrote as staff is about other members: counted here, not copied.
        "messages_written_as_staff": OutreachMessage.objects.filter(author=user)
        .exclude(role=Role.MEMBER)
        .count(),
    }


def erase_conversations(user: Any) -> None:
    """The conversation is about them, including what staff wrote to them: all of it goes —
    except a reply an open crisis alert is about, which staff still need to read; the erasure
    waits for that alert (accounts.privacy holds) and this runs again when it is resolved."""

    keep = content_under_open_alert(user, SOURCE)
    OutreachMessage.objects.filter(conversation__member=user).exclude(pk__in=keep).delete()
    Conversation.objects.filter(member=user).exclude(messages__isnull=False).delete()
