"""Reads for the safety dashboard: what a staff member may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from alongside.groups.models import Group, Membership
from alongside.safety.models import Appeal, CrisisAlert, Notice, QueueItem


def facilitated_group_ids(user: Any) -> list[int]:
    return list(Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR,
                                          status=Membership.Status.ACTIVE).values_list("group_id", flat=True))


def can_use_dashboard(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_site_staff or facilitated_group_ids(user))


def _scope(user: Any, field: str = "group_id") -> Q:
    if user.is_site_staff:
        return Q()
    return Q(**{f"{field}__in": facilitated_group_ids(user)})


def open_alerts(user: Any) -> QuerySet[CrisisAlert]:
    return (CrisisAlert.objects.filter(_scope(user)).exclude(status=CrisisAlert.Status.RESOLVED)
            .select_related("member", "group", "acknowledged_by").order_by("-level", "created_at"))


def recent_resolved_alerts(user: Any, limit: int = 10) -> QuerySet[CrisisAlert]:
    return (CrisisAlert.objects.filter(_scope(user), status=CrisisAlert.Status.RESOLVED)
            .select_related("member", "group").order_by("-resolved_at")[:limit])


def open_items(user: Any, kind: str) -> QuerySet[QueueItem]:
    return (QueueItem.objects.filter(_scope(user), kind=kind, status=QueueItem.Status.OPEN)
            .select_related("group", "author", "reporter").order_by("created_at"))


def open_appeals(user: Any) -> QuerySet[Appeal]:
    return (Appeal.objects.filter(_scope(user, "sanction__group_id"), status=Appeal.Status.OPEN)
            .select_related("sanction", "member", "sanction__group").order_by("created_at"))


def visible_groups(user: Any) -> QuerySet[Group]:
    if user.is_site_staff:
        return Group.objects.all()
    return Group.objects.filter(pk__in=facilitated_group_ids(user))


def unread_notices(user: Any, limit: int = 3) -> list[Notice]:
    """Unread notices from the safety team (a second-look check-in, a report's outcome), newest
    first: shown on every page until read, because some of them point to crisis lines."""
    if user is None or not user.is_authenticated:
        return []
    return list(Notice.objects.filter(user=user, read_at__isnull=True).order_by("-pk")[:limit])


def open_alert_about(member: Any, group: Any) -> CrisisAlert | None:
    """The member's own open crisis alert raised in this group (one at most), or None."""
    if member is None or not member.is_authenticated or group is None:
        return None
    return (CrisisAlert.objects.filter(member=member, group=group)
            .exclude(status=CrisisAlert.Status.RESOLVED).order_by("-created_at").first())


def crisis_lines_for(user: Any) -> list[dict[str, str]]:
    """The crisis lines for the person's country, as screening gives them to an author."""
    from alongside.resources.crisis_lines import lines_for

    return lines_for(getattr(user, "country", ""))


def author_notice(member: Any, group: Any) -> dict[str, Any] | None:
    """The private notice a member sees wherever they write in the group while their crisis alert
    there is open (after a reload too): what happens now, and the crisis lines for their country."""
    from django.utils.translation import gettext as _

    alert = open_alert_about(member, group)
    if alert is None:
        return None
    if alert.acknowledged_at is None:
        first = _("You wrote something here that made us want to check on you, so a facilitator has "
                  "been alerted and will check in with you privately.")
    else:
        first = _("A facilitator has seen your message and will check in with you privately.")
    notes = [first, _(
        "You don't have to face this alone: the people below are there to listen, any time. "
        "If you are in danger now, please call your local emergency number.")]
    return {"alert_id": alert.pk, "notes": notes, "resources": crisis_lines_for(member)}
