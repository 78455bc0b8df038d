from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from alongside.accounts.roles import has_totp
from alongside.groups.queries import is_staff_anywhere
from alongside.notifications.queries import unread_count
from alongside.safety.queries import can_use_dashboard, oncall_summary, unread_notices


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_staff = bool(user and user.is_authenticated and (user.is_moderator or user.is_superuser))
    known: dict[str, bool] = {}

    def can_use_safety() -> bool:
        # Asked by the nav and the on-call banner: one query per page, not one each.
        if "safety" not in known:
            known["safety"] = _can_use_safety(user)
        return known["safety"]

    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "user_is_site_staff": is_staff,
        # Callables, so the queries run only on pages that render them.
        "user_can_use_safety": can_use_safety,
        "oncall_waiting": lambda: _oncall_waiting(user) if can_use_safety() else None,
        "unread_safety_notices": lambda: _unread_notices(user),
        "unread_notifications": lambda: _unread_notifications(user),
        "staff_mfa_needed": lambda: _staff_mfa_needed(user),
    }


def _staff_mfa_needed(user: Any) -> bool:
    """A staff role held but not usable until TOTP is enrolled (accounts/roles.py)."""

    return bool(
        settings.STAFF_MFA_REQUIRED
        and user is not None
        and user.is_authenticated
        and is_staff_anywhere(user)
        and not has_totp(user)
    )


def _unread_notices(user: Any) -> list[Any]:

    return unread_notices(user)


def _unread_notifications(user: Any) -> int:

    return unread_count(user)


def _can_use_safety(user: Any) -> bool:
    """Moderators, admins and facilitators (for their groups) get the Safety link."""

    return can_use_dashboard(user)


def _oncall_waiting(user: Any) -> Any:
    """Crisis alerts waiting for this person's acknowledgement: the banner on every page."""

    return oncall_summary(user)
