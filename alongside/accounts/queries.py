from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alongside.accounts.models import AgeBandRequest, User


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


def pending_age_band_requests() -> Any:
    """Requests to move into or out of the under-18 band, waiting for a moderator, oldest first."""
    return AgeBandRequest.objects.filter(status=AgeBandRequest.Status.PENDING).order_by(
        "created_at", "id"
    )
