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


def has_open_alert(user: Any) -> bool:
    return CrisisAlert.objects.filter(member=user).exclude(status=CrisisAlert.Status.RESOLVED).exists()


def content_under_open_alert(user: Any, source: str) -> list[int]:
    """Ids of this person's `source` items (e.g. room messages) that an open crisis alert is about:
    staff still need to read them, so erasure keeps them until the alert is resolved."""
    return [object_id for object_id in CrisisAlert.objects.filter(member=user, source=source).exclude(
        status=CrisisAlert.Status.RESOLVED).values_list("object_id", flat=True) if object_id is not None]
