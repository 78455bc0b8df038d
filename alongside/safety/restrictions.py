"""Posting restrictions from moderation: mutes (one group, for a time) and suspensions (site-wide)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alongside.accounts.queries import time_zone_of
from alongside.safety.models import Restriction


def active_restrictions(user: Any, group: Any = None, now: Any = None) -> Any:

    now = now or timezone.now()
    scope = Q(kind=Restriction.Kind.SUSPEND)
    if group is not None:
        scope |= Q(kind=Restriction.Kind.MUTE, group=group)
    return Restriction.objects.filter(scope, user=user, lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gt=now)
    )


def posting_block_reason(user: Any, group: Any) -> str | None:
    """A clear reason this person may not post in this group right now, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None

    for r in active_restrictions(user, group).order_by("-kind"):  # suspensions first
        until = None
        if r.until:  # in the member's own time zone, named, so it is never read in the wrong one
            local = timezone.localtime(r.until, time_zone_of(user))
            until = f"{formats.date_format(local, 'DATETIME_FORMAT')} {local:%Z}"
        if r.kind == Restriction.Kind.SUSPEND:
            if until:
                return _("Your account is suspended until %(until)s. Reason: %(reason)s") % {
                    "until": until,
                    "reason": r.reason,
                }
            return _("Your account is suspended. Reason: %(reason)s") % {"reason": r.reason}
        return _("A moderator muted you in this group until %(until)s. Reason: %(reason)s") % {
            "until": until or "—",
            "reason": r.reason,
        }
    return None
