"""Notifications in a person's data export, and deleted with their account."""

from __future__ import annotations

from typing import Any

from alongside.notifications.models import EmailPreference, Notification


def export_notifications(user: Any) -> dict[str, Any]:
    pref = EmailPreference.objects.filter(user=user).first()
    return {
        "notifications": [
            {
                "at": n.created_at.isoformat(),
                "kind": n.kind,
                "text": n.text,
                "read": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(user=user)
        ],
        "email_kinds": pref.kinds if pref else None,
    }


def erase_notifications(user: Any) -> None:
    """Theirs, and the ones they caused in other people's lists (which name their handle)."""
    Notification.objects.filter(user=user).delete()
    Notification.objects.filter(actor=user).delete()
    EmailPreference.objects.filter(user=user).delete()
