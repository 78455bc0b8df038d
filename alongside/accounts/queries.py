from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alongside.accounts.models import User


def is_staff_anywhere(user: User) -> bool:
    """Admins, moderators and facilitators of any group hold a staff role."""
    if user.is_superuser or user.is_moderator:
        return True
    from alongside.groups.models import Membership

    return Membership.objects.filter(
        user=user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
    ).exists()


def signed_in_user(request: object) -> User:
    """The signed-in person on a @login_required view, typed as a User."""
    user = request.user  # type: ignore[attr-defined]
    assert user.is_authenticated
    return user  # type: ignore[no-any-return]


def time_zone_of(user: object) -> ZoneInfo:
    """The person's own time zone (their profile), for times written to them; UTC if unset or unknown."""
    name = getattr(user, "timezone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
