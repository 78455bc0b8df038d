"""What notifications send on the per-person live channel (alongside/core/personal.py): the
header's bell with its unread count, and a spoken announcement of a new notification. Rendered at
delivery time for the person as they are now."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alongside.core.events import Event
from alongside.core.personal import register_frame
from alongside.notifications import access, queries
from alongside.notifications.actions import NEW, READ
from alongside.notifications.models import Notification

BELL_ID = "notifications-bell"


def bell_region(user: Any) -> dict[str, str]:
    html = render_to_string(
        "notifications/_bell.html", {"unread_notifications": queries.unread_count(user)}
    )
    return {"id": BELL_ID, "html": html}


def new_frame(user: Any, event: Event) -> dict[str, Any] | None:
    notification = (
        Notification.objects.filter(pk=int(event.payload.get("notification_id") or 0), user=user)
        .select_related("group")
        .first()
    )
    if notification is None:
        return None
    frame: dict[str, Any] = {
        "regions": [bell_region(user)],
        "trigger": "alongside-notifications",  # the notifications page reloads its list
        "unread": queries.unread_count(user),
    }
    if notification.read_at is None and access.can_open(user, notification):
        frame["announce"] = _("New notification: %(text)s") % {"text": notification.text}
    return frame


def read_frame(user: Any, event: Event) -> dict[str, Any] | None:
    # The notifications page, if it is open in another tab, reloads its list.
    return {
        "regions": [bell_region(user)],
        "unread": queries.unread_count(user),
        "trigger": "alongside-notifications",
    }


def on_connect(user: Any) -> list[dict[str, Any]]:
    """A page that (re)connects while something is unread gets the count as it is now (it may have
    missed a notification while it was away)."""
    unread = queries.unread_count(user)
    return [{"regions": [bell_region(user)], "unread": unread}] if unread else []


def register() -> None:

    register_frame(NEW, new_frame, on_connect=on_connect)
    register_frame(READ, read_frame)
