"""Reads for the safety dashboard: what a staff member may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from alongside.groups.models import Group, Membership
from alongside.safety import oncall
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


# --- on call: what waits for whom, most urgent first (pure rules in safety/oncall.py) ---

def open_alerts_by_urgency(user: Any) -> list[CrisisAlert]:
    """The dashboard's order: waiting before acknowledged, high before concern, then the least
    time left before escalation."""
    from alongside.safety.actions import ack_minutes

    return oncall.order_by_urgency(open_alerts(user), ack_minutes)


def rota_for(group_ids: Iterable[int | None]) -> oncall.Rota:
    """The people the rota can alert about alerts in these groups (four queries)."""
    from alongside.accounts.models import User

    ids = {g for g in group_ids if g}
    facilitators: dict[int, set[int]] = {}
    for group_id, user_id in Membership.objects.filter(
            group_id__in=ids, role=Membership.Role.FACILITATOR,
            status=Membership.Status.ACTIVE).values_list("group_id", "user_id"):
        facilitators.setdefault(group_id, set()).add(user_id)
    staff = User.objects.filter(Q(is_moderator=True) | Q(is_superuser=True), is_active=True)
    rows = list(staff.values_list("pk", "is_moderator", "is_on_call", "is_superuser"))
    return oncall.Rota(
        facilitators=facilitators,
        on_call={pk for pk, mod, on_call, _admin in rows if mod and on_call},
        moderators={pk for pk, mod, _on_call, _admin in rows if mod},
        admins={pk for pk, _mod, _on_call, admin in rows if admin},
    )


def waiting_alerts(user: Any) -> list[CrisisAlert]:
    """Unacknowledged alerts the rota has alerted this person about and that they may act on,
    most urgent first: what the on-call banner counts."""
    from alongside.safety.actions import ack_minutes

    if user is None or not user.is_authenticated:
        return []
    scope = Q()
    if not user.is_site_staff:
        groups = facilitated_group_ids(user)
        if not groups:
            return []
        scope = Q(group_id__in=groups)
    alerts = list(CrisisAlert.objects.filter(scope, status=CrisisAlert.Status.OPEN,
                                             acknowledged_at__isnull=True))
    if not alerts:
        return []
    rota = rota_for(a.group_id for a in alerts)
    mine = [a for a in alerts if user.pk in oncall.alerted(a, rota)]
    return oncall.order_by_urgency(mine, ack_minutes)


def oncall_summary(user: Any) -> oncall.Waiting | None:
    from alongside.safety.actions import ack_minutes

    return oncall.summarize(waiting_alerts(user), ack_minutes)


def staff_ids(group_id: int | None, exclude: int | None = None) -> list[int]:
    """Everyone who may act on safety in a group now: its facilitators, moderators and admins
    (no group: moderators and admins). `exclude`: the member concerned, never their own staff."""
    from alongside.accounts.models import User

    ids = set(User.objects.filter(Q(is_moderator=True) | Q(is_superuser=True), is_active=True)
              .values_list("pk", flat=True))
    if group_id:
        ids |= set(Membership.objects.filter(group_id=group_id, role=Membership.Role.FACILITATOR,
                                             status=Membership.Status.ACTIVE).values_list("user_id", flat=True))
    ids.discard(exclude)
    return sorted(ids)


def alert_watchers(alert: CrisisAlert) -> list[int]:
    """Everyone who may act on this alert: their dashboards and banners change when it does."""
    return staff_ids(alert.group_id, exclude=alert.member_id)


def has_open_alert(user: Any) -> bool:
    return CrisisAlert.objects.filter(member=user).exclude(status=CrisisAlert.Status.RESOLVED).exists()


def content_under_open_alert(user: Any, source: str) -> list[int]:
    """Ids of this person's `source` items (e.g. room messages) that an open crisis alert is about:
    staff still need to read them, so erasure keeps them until the alert is resolved."""
    return [object_id for object_id in CrisisAlert.objects.filter(member=user, source=source).exclude(
        status=CrisisAlert.Status.RESOLVED).values_list("object_id", flat=True) if object_id is not None]
