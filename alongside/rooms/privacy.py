"""What a person wrote in rooms and threads: in their data export, and removed on erasure.

Messages are blanked and hidden rather than deleted, so every room's sequence numbers stay
gap-free for clients resuming from a sequence number."""

from __future__ import annotations

from typing import Any

from alongside.rooms.models import (
    Message,
    Revision,
    RoomRead,
    Thread,
    ThreadPost,
    ThreadRead,
    Visibility,
)
from alongside.safety.actions import forget_quotes
from alongside.safety.queries import content_under_open_alert


def export_writing(user: Any) -> dict[str, Any]:
    return {
        "room_messages": [
            {"group": m.group.name, "seq": m.seq, "at": m.created_at.isoformat(), "text": m.text}
            for m in Message.objects.filter(author=user)
            .select_related("group")
            .order_by("created_at")
        ],
        "thread_posts": [
            {
                "group": p.thread.group.name,
                "thread": p.thread.title,
                "at": p.created_at.isoformat(),
                "text": p.text,
            }
            for p in ThreadPost.objects.filter(author=user)
            .select_related("thread__group")
            .order_by("created_at")
        ],
        # What an edited or removed item said before, kept while moderators reviewed it.
        "kept_for_review": [
            {
                "what": r.source,
                "change": r.kind,
                "at": r.created_at.isoformat(),
                "earlier_text": r.text,
            }
            for r in Revision.objects.filter(author=user).order_by("created_at", "id")
        ],
    }


def erase_writing(user: Any) -> None:
    # search_vector holds their words too. A message an open crisis alert is about stays (hidden)
    # until the alert is resolved: the erasure waits for it (accounts.privacy holds).
    # Notices about their words (a reporter's, say) stop quoting them.
    forget_quotes(
        "room_message",
        list(Message.objects.filter(author=user).values_list("pk", flat=True)),
    )
    forget_quotes(
        "thread_post",
        list(ThreadPost.objects.filter(author=user).values_list("pk", flat=True)),
    )
    Message.objects.filter(author=user).exclude(
        pk__in=content_under_open_alert(user, "room_message")
    ).update(text="", html="", search_vector=None, visibility=Visibility.HIDDEN, pinned=False)
    Message.objects.filter(author=user).update(
        visibility=Visibility.HIDDEN, pinned=False, search_vector=None
    )
    ThreadPost.objects.filter(author=user).exclude(
        pk__in=content_under_open_alert(user, "thread_post")
    ).update(text="", html="", search_vector=None, visibility=Visibility.HIDDEN)
    ThreadPost.objects.filter(author=user).update(visibility=Visibility.HIDDEN, search_vector=None)
    Thread.objects.filter(author=user).update(title="—")
    keep = set(content_under_open_alert(user, "room_message"))
    keep_posts = set(content_under_open_alert(user, "thread_post"))
    for r in Revision.objects.filter(author=user):
        if not (
            (r.source == "room_message" and r.object_id in keep)
            or (r.source == "thread_post" and r.object_id in keep_posts)
        ):
            r.delete()
    # How far they had read: nobody else's business once they are gone.
    RoomRead.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()


COVERS = {
    "rooms.Message": "exported; blanked and hidden on erasure (sequence numbers stay gap-free)",
    "rooms.ThreadPost": "exported; blanked and hidden on erasure",
    "rooms.Thread": "title exported with its posts; replaced by a dash on erasure",
    "rooms.Revision": "exported; deleted on erasure (kept only while an open crisis alert is about the item)",
    "rooms.FirstPost": "a pointer to a post, no text: kept, tied to the anonymised account",
    "rooms.RoomRead": "deleted on erasure",
    "rooms.ThreadRead": "deleted on erasure",
}
