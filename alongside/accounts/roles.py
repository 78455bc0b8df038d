"""Which staff powers a person may use right now.

Staff powers (a moderator or admin acting site-wide, a facilitator acting for their group) need
TOTP two-factor when ALONGSIDE_STAFF_MFA_REQUIRED is on. The rule is decided by the role a request
uses — every access function that grants a staff power asks `staff_powers_enabled` — not by the
URL, so pages, the JSON API and the room socket all follow it. Without TOTP a facilitator is
still a member of their group (they read and post like anyone), a moderator or admin is a member
where they have joined and an outsider elsewhere.

When a power is withheld for want of TOTP, the person is marked; the StaffMFAMiddleware then
turns the refusal (403/404) into a redirect to enrolment, or a JSON message on the API.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

WITHHELD_MARK = "_staff_mfa_withheld"
_TOTP_CACHE = "_has_totp_cache"


def has_totp(user: Any) -> bool:
    """Enrolled in TOTP (read once per user object; `forget` reads it again)."""
    cached = getattr(user, _TOTP_CACHE, None)
    if cached is None:
        # Here, not at the top: the admin site's AppConfig imports this module before models load.
        from allauth.mfa.models import Authenticator

        cached = Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.TOTP
        ).exists()
        setattr(user, _TOTP_CACHE, cached)
    return bool(cached)


def forget(user: Any) -> None:
    """Read enrolment again next time (a long-lived socket re-checking its permissions)."""
    for name in (_TOTP_CACHE, WITHHELD_MARK):
        if hasattr(user, name):
            delattr(user, name)


def staff_powers_enabled(user: Any) -> bool:
    """May this person use the staff roles they hold right now? Call it only where a staff role
    is held: a refusal marks the person for the redirect to enrolment."""
    if user is None or not user.is_authenticated:
        return False
    if not settings.STAFF_MFA_REQUIRED or has_totp(user):
        return True
    setattr(user, WITHHELD_MARK, True)
    return False


def staff_power_withheld(user: Any) -> bool:
    """A staff power was refused to this person in this request for want of TOTP."""
    return bool(getattr(user, WITHHELD_MARK, False))


def acts_as_admin(user: Any) -> bool:
    """An admin using admin powers (all groups' outcomes, the research report, the admin site)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_superuser
        and staff_powers_enabled(user)
    )


def acts_as_moderator(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_moderator
        and staff_powers_enabled(user)
    )


def acts_as_site_staff(user: Any) -> bool:
    """A moderator or admin using their site-wide powers."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_moderator or user.is_superuser)
        and staff_powers_enabled(user)
    )
