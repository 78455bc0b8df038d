"""Reads: a person's notifications, their unread count, their e-mail preferences, who a mention
reaches."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Lower

from alongside.accounts.models import User
from alongside.groups.models import Membership
from alongside.notifications import mentions
from alongside.notifications.access import can_open
from alongside.notifications.models import DEFAULT_EMAIL_KINDS, EmailPreference, Kind, Notification

PAGE = 50


def unread_count(user: Any) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def recent(user: Any, limit: int = PAGE) -> list[tuple[Notification, bool]]:
    """The latest notifications, each with whether it may still be opened (checked now)."""
    rows = list(Notification.objects.filter(user=user).select_related("group")[:limit])
    return [(n, can_open(user, n)) for n in rows]


def of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def email_kinds(user: Any) -> set[str]:
    pref = EmailPreference.objects.filter(user_id=user.pk).first()
    if pref is None:
        return {str(k) for k in DEFAULT_EMAIL_KINDS}
    known = set(Kind.values)
    return {k for k in pref.kinds if k in known}


def wants_email(user: Any, kind: str) -> bool:
    return bool(getattr(user, "email", "")) and kind in email_kinds(user)


def mentioned_members(group: Any, text: str, *, exclude: int | None = None) -> list[int]:
    """Active members of the group whose handle the text mentions (never the author). Anyone
    else (a member of another group, someone who left) is not told."""
    handles = mentions.mentioned_handles(text)
    if not handles:
        return []

    members = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).values(
        "user_id"
    )
    found = User.objects.annotate(handle_lower=Lower("handle")).filter(
        handle_lower__in=handles, is_active=True, pk__in=members
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    ids = list(found.order_by("pk").values_list("pk", flat=True))
    return ids[: mentions.MAX_MENTIONS]
