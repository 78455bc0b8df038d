from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_staff = bool(user and user.is_authenticated and (user.is_moderator or user.is_superuser))
    return {"DEMO_MODE": settings.DEMO_MODE, "user_is_site_staff": is_staff,
            # A callable, so the query runs only on pages that render the banner.
            "unread_safety_notices": lambda: _unread_notices(user),
            "staff_mfa_needed": lambda: _staff_mfa_needed(user)}


def _staff_mfa_needed(user: Any) -> bool:
    """A staff role held but not usable until TOTP is enrolled (accounts/roles.py)."""
    from alongside.accounts.roles import has_totp
    from alongside.groups.queries import is_staff_anywhere

    return bool(settings.STAFF_MFA_REQUIRED and user is not None and user.is_authenticated
                and is_staff_anywhere(user) and not has_totp(user))


def _unread_notices(user: Any) -> list[Any]:
    from alongside.safety.queries import unread_notices

    return unread_notices(user)
