"""Who may read a private conversation, and the lists people see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alongside.groups.models import Membership
from alongside.outreach.models import Conversation
from alongside.safety.actions import can_moderate
from alongside.safety.queries import staff_ids as safety_staff_ids


def is_staff_for(user: Any, conversation: Conversation) -> bool:
    """The staff on the member's safety in that group, as they are now: its facilitators,
    moderators and admins (site-wide conversations: moderators and admins only)."""

    if (
        user is None
        or not user.is_authenticated
        or not user.is_active
        or user.pk == conversation.member_id
    ):
        return False
    return can_moderate(user, conversation.group)


def can_read(user: Any, conversation: Conversation) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.pk == conversation.member_id or is_staff_for(user, conversation)


def staff_ids(conversation: Conversation) -> list[int]:
    """Everyone who may read it as staff now (for live updates; each is checked again on delivery)."""

    return safety_staff_ids(conversation.group_id, exclude=conversation.member_id)


def for_member(user: Any) -> QuerySet[Conversation]:
    """A member's own conversations that have something in them."""
    return (
        Conversation.objects.filter(member=user, last_message_at__isnull=False)
        .select_related("group")
        .order_by("-last_message_at")
    )


def for_staff(user: Any, limit: int = 50) -> QuerySet[Conversation]:
    """Conversations this person may read as staff, latest activity first (no message text)."""
    qs = Conversation.objects.exclude(member=user).select_related("member", "group", "alert")
    if not user.is_site_staff:
        groups = Membership.objects.filter(
            user=user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
        ).values_list("group_id", flat=True)
        qs = qs.filter(group_id__in=list(groups))
    return qs.order_by("-last_message_at", "-id")[:limit]


def open_for(member: Any, group: Any) -> Conversation | None:
    return Conversation.objects.filter(member=member, group=group).order_by("-created_at").first()
