from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_staff = bool(user and user.is_authenticated and (user.is_moderator or user.is_superuser))
    return {"DEMO_MODE": settings.DEMO_MODE, "user_is_site_staff": is_staff,
            # A callable, so the query runs only on pages that render the banner.
            "unread_safety_notices": lambda: _unread_notices(user)}


def _unread_notices(user: Any) -> list[Any]:
    """Unread notices from the safety team (a second-look check-in, a report's outcome):
    shown on every page until read, because some of them point to crisis lines."""
    if not (user and user.is_authenticated):
        return []
    from alongside.safety.models import Notice

    return list(Notice.objects.filter(user=user, read_at__isnull=True).order_by("-pk")[:3])
