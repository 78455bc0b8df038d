"""Reads for the safety dashboard: what a staff member may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.accounts.roles import acts_as_admin, acts_as_site_staff, staff_powers_enabled
from alongside.core.models import AuditEntry
from alongside.groups import access
from alongside.groups.models import Group, Membership
from alongside.safety import oncall
from alongside.safety.crisis_lines import lines_for
from alongside.safety.deadlines import ack_minutes
from alongside.safety.models import Appeal, CrisisAlert, Notice, QueueItem, Sanction


def facilitated_group_ids(user: Any) -> list[int]:
    """Groups this person facilitates and may act for now (two-factor: accounts/roles.py)."""
    ids = list(
        Membership.objects.filter(
            user=user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
        ).values_list("group_id", flat=True)
    )
    return ids if ids and staff_powers_enabled(user) else []


def can_use_dashboard(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_site_staff or facilitated_group_ids(user))


def _scope(user: Any, field: str = "group_id") -> Q:
    if user.is_site_staff:
        return Q()
    return Q(**{f"{field}__in": facilitated_group_ids(user)})


def open_alerts(user: Any) -> QuerySet[CrisisAlert]:
    return (
        CrisisAlert.objects.filter(_scope(user))
        .exclude(status=CrisisAlert.Status.RESOLVED)
        .select_related("member", "group", "acknowledged_by")
        .order_by("-level", "created_at")
    )


def recent_resolved_alerts(user: Any, limit: int = 10) -> QuerySet[CrisisAlert]:
    return (
        CrisisAlert.objects.filter(_scope(user), status=CrisisAlert.Status.RESOLVED)
        .select_related("member", "group")
        .order_by("-resolved_at")[:limit]
    )


def open_items(user: Any, kind: str) -> QuerySet[QueueItem]:
    return (
        QueueItem.objects.filter(_scope(user), kind=kind, status=QueueItem.Status.OPEN)
        .select_related("group", "author", "reporter")
        .order_by("created_at")
    )


def open_appeals(user: Any) -> list[Appeal]:
    """Open appeals the viewer may see, each marked for them: `viewer_can_review`,
    `viewer_made_decision` and `waits_for_admin` (nobody but an admin may decide it)."""
    appeals = list(
        Appeal.objects.filter(_scope(user, "sanction__group_id"), status=Appeal.Status.OPEN)
        .select_related("sanction", "member", "sanction__group", "sanction__created_by")
        .order_by("created_at")
    )
    for appeal in appeals:
        appeal.viewer_can_review = can_review_appeal(user, appeal)  # type: ignore[attr-defined]
        appeal.viewer_made_decision = appeal.sanction.created_by_id == user.pk  # type: ignore[attr-defined]
        appeal.waits_for_admin = waits_for_admin(appeal)  # type: ignore[attr-defined]
    return appeals


def can_moderate(user: Any, group: Any) -> bool:
    """Facilitators of the group, moderators and admins."""
    if group is None:
        return bool(user is not None and user.is_authenticated and user.is_site_staff)
    return access.is_group_staff(user, group)


def can_review_appeal(user: Any, appeal: Appeal) -> bool:
    """Four eyes: an appeal is decided by someone other than the person who made the decision (and
    other than the member appealing). A suspension is site-wide, so only moderators and admins
    review it; otherwise the group's facilitators too."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    sanction = appeal.sanction
    if user.pk in (sanction.created_by_id, appeal.member_id):
        return False
    if sanction.kind == Sanction.Kind.SUSPEND:
        return bool(user.is_site_staff)
    return can_moderate(user, sanction.group)


def other_reviewers(appeal: Appeal) -> list[Any]:
    """Who, short of an admin, could review this appeal: the active moderators and (except for a
    suspension) the group's active facilitators, other than the decision's author and the member."""
    sanction = appeal.sanction
    people = Q(is_moderator=True)
    if sanction.group_id and sanction.kind != Sanction.Kind.SUSPEND:
        people |= Q(
            pk__in=Membership.objects.filter(
                group_id=sanction.group_id,
                role=Membership.Role.FACILITATOR,
                status=Membership.Status.ACTIVE,
            ).values("user_id")
        )
    return list(
        User.objects.filter(people, is_active=True).exclude(
            pk__in=[pk for pk in (sanction.created_by_id, appeal.member_id) if pk]
        )
    )


def waits_for_admin(appeal: Appeal) -> bool:
    """Nobody but an admin can review it: the only moderator (or facilitator) made the decision."""
    return not other_reviewers(appeal)


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
    return oncall.order_by_urgency(open_alerts(user), ack_minutes)


def rota_for(group_ids: Iterable[int | None]) -> oncall.Rota:
    """The people the rota can alert about alerts in these groups (four queries)."""
    ids = {g for g in group_ids if g}
    facilitators: dict[int, set[int]] = {}
    for group_id, user_id in Membership.objects.filter(
        group_id__in=ids, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
    ).values_list("group_id", "user_id"):
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
    if user is None or not user.is_authenticated:
        return []
    scope = Q()
    if not user.is_site_staff:
        groups = facilitated_group_ids(user)
        if not groups:
            return []
        scope = Q(group_id__in=groups)
    alerts = list(
        CrisisAlert.objects.filter(
            scope, status=CrisisAlert.Status.OPEN, acknowledged_at__isnull=True
        )
    )
    if not alerts:
        return []
    rota = rota_for(a.group_id for a in alerts)
    mine = [a for a in alerts if user.pk in oncall.alerted(a, rota)]
    return oncall.order_by_urgency(mine, ack_minutes)


def oncall_summary(user: Any) -> oncall.Waiting | None:
    return oncall.summarize(waiting_alerts(user), ack_minutes)


def staff_ids(group_id: int | None, exclude: int | None = None) -> list[int]:
    """Everyone who may act on safety in a group now: its facilitators, moderators and admins
    (no group: moderators and admins). `exclude`: the member concerned, never their own staff."""
    ids = set(
        User.objects.filter(
            Q(is_moderator=True) | Q(is_superuser=True), is_active=True
        ).values_list("pk", flat=True)
    )
    if group_id:
        ids |= set(
            Membership.objects.filter(
                group_id=group_id, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
            ).values_list("user_id", flat=True)
        )
    ids.discard(exclude)
    return sorted(ids)


def alert_watchers(alert: CrisisAlert) -> list[int]:
    """Everyone who may act on this alert: their dashboards and banners change when it does."""
    return staff_ids(alert.group_id, exclude=alert.member_id)


def has_open_alert(user: Any) -> bool:
    return (
        CrisisAlert.objects.filter(member=user).exclude(status=CrisisAlert.Status.RESOLVED).exists()
    )


def content_under_open_alert(user: Any, source: str) -> list[int]:
    """Ids of this person's `source` items (e.g. room messages) that an open crisis alert is about:
    staff still need to read them, so erasure keeps them until the alert is resolved."""
    return [
        object_id
        for object_id in CrisisAlert.objects.filter(member=user, source=source)
        .exclude(status=CrisisAlert.Status.RESOLVED)
        .values_list("object_id", flat=True)
        if object_id is not None
    ]


def open_alert_about(member: Any, group: Any) -> CrisisAlert | None:
    """The member's own open crisis alert raised in this group (one at most), or None."""
    if member is None or not member.is_authenticated or group is None:
        return None
    return (
        CrisisAlert.objects.filter(member=member, group=group)
        .exclude(status=CrisisAlert.Status.RESOLVED)
        .order_by("-created_at")
        .first()
    )


def crisis_lines_for(user: Any) -> list[dict[str, str]]:
    """The crisis lines for the person's country, as screening gives them to an author."""
    return lines_for(getattr(user, "country", ""))


def author_notice(member: Any, group: Any) -> dict[str, Any] | None:
    """The private notice a member sees wherever they write in the group while their crisis alert
    there is open (after a reload too): what happens now, and the crisis lines for their country."""
    alert = open_alert_about(member, group)
    if alert is None:
        return None
    if alert.acknowledged_at is None:
        first = _(
            "You wrote something here that made us want to check on you, so a facilitator has "
            "been alerted and will check in with you privately."
        )
    else:
        first = _("A facilitator has seen your message and will check in with you privately.")
    notes = [
        first,
        _(
            "You don't have to face this alone: the people below are there to listen, any time. "
            "If you are in danger now, please call your local emergency number."
        ),
    ]
    return {"alert_id": alert.pk, "notes": notes, "resources": crisis_lines_for(member)}


def decisions_about(member: Any, viewer: Any, limit: int = 20) -> list[Sanction]:
    """Earlier moderation decisions about a member that the viewer may see (facilitators: those in
    their groups), newest first, with any appeal."""
    if member is None:
        return []
    return list(
        Sanction.objects.filter(_scope(viewer), member=member)
        .select_related("group", "created_by")
        .prefetch_related("appeals")
        .order_by("-created_at")[:limit]
    )


def earlier_reviews(member: Any, viewer: Any, exclude: QueueItem | None = None) -> dict[str, int]:
    """How often the member's messages were held or reported before, and how many of those were
    found fine, within what the viewer may see."""
    if member is None:
        return {"total": 0, "approved": 0}
    items = QueueItem.objects.filter(_scope(viewer), author=member, status=QueueItem.Status.DONE)
    if exclude is not None:
        items = items.exclude(source=exclude.source, object_id=exclude.object_id)
    return {"total": items.count(), "approved": items.filter(decision="approve").count()}


# --- the audit log ---


def can_read_audit_log(user: Any) -> bool:
    """Moderators (safety events) and admins (everything), with their two-factor in place."""
    return acts_as_site_staff(user)


# What moderators may read of the audit log: safety's own events, and moderation done in rooms
# (a message hidden or shown) or elsewhere on safety's behalf.
SAFETY_EVENT_PREFIXES = ("safety.", "rooms.message_", "rooms.post_")
SAFETY_EVENTS = ("outcomes.crisis_alert_failed",)


def _audit_scope(user: Any) -> Q:
    if acts_as_admin(user):
        return Q()
    scope = Q(action__in=SAFETY_EVENTS)
    for prefix in SAFETY_EVENT_PREFIXES:
        scope |= Q(action__startswith=prefix)
    return scope


def audit_kinds(user: Any) -> list[str]:
    return list(
        AuditEntry.objects.filter(_audit_scope(user))
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def audit_entries(
    user: Any,
    *,
    person: Any = None,
    group: Any = None,
    kind: str = "",
    start: Any = None,
    end: Any = None,
) -> QuerySet[Any]:
    """Audit entries the viewer may read, newest first: about or by `person`, in `group`, of
    `kind`, from `start` (included) to `end` (excluded). Groups are matched by id (the audit row
    keeps a group's id even once the group is gone)."""
    entries = AuditEntry.objects.filter(_audit_scope(user))
    if person is not None:
        entries = entries.filter(Q(actor=person) | Q(subject_user=person))
    if group is not None:
        entries = entries.filter(group_id=group.pk)
    if kind:
        entries = entries.filter(action=kind)
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    if end is not None:
        entries = entries.filter(created_at__lt=end)
    return entries.select_related("actor", "subject_user").order_by("-created_at", "-id")


def group_names(group_ids: set[int]) -> dict[int, str]:
    return dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name"))


def content_under_review(source: str, object_id: int) -> bool:
    """Is a report or hold about this item open, or a crisis alert about it? Then moderators still
    need what it said, even if its author edits or removes it."""
    return (
        QueueItem.objects.filter(
            source=source, object_id=object_id, status=QueueItem.Status.OPEN
        ).exists()
        or CrisisAlert.objects.filter(source=source, object_id=object_id)
        .exclude(status=CrisisAlert.Status.RESOLVED)
        .exists()
    )
