"""The landing page after sign-in: a home for each role.

- a member: their groups with what is new (unread), the next meeting, check-ins due, and, when
  their identification with a group has stayed low, other groups that may suit them better;
- a facilitator: their groups with open alerts, first posts waiting, consent status, join
  requests, the next meeting, and a link to create a group;
- a moderator: open alerts first.

This module sits above the apps (like the project's urls), so it reads from all of them; it only
reads. Staff figures come through the apps' own queries, which check two-factor (accounts/roles).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from alongside.accounts.roles import staff_powers_enabled
from alongside.groups import access
from alongside.groups import queries as group_queries
from alongside.groups.models import Membership
from alongside.meetings import queries as meeting_queries
from alongside.outcomes import queries as outcome_queries
from alongside.rooms import queries as room_queries
from alongside.safety import queries as safety_queries
from alongside.safety.models import QueueItem


def _unread(user: Any, active: list[Membership]) -> dict[int, int]:
    # A fixed number of queries however many groups a person is in.
    return room_queries.unread_counts(
        user, [m.group_id for m in active], joined={m.group_id: m.joined_at for m in active}
    )


def unread_for(user: Any) -> dict[str, Any]:
    """Only the "N new" badges (the open home page polls them): the same groups as the page."""
    active = [m for m in group_queries.groups_of(user) if m.status == Membership.Status.ACTIVE]
    unread = _unread(user, active)

    def badge(m: Membership) -> dict[str, Any]:
        return {"group": m.group, "unread": unread.get(m.group_id, 0)}

    return {
        "facilitated": [badge(m) for m in active if m.role == Membership.Role.FACILITATOR],
        "my_groups": [badge(m) for m in active if m.role != Membership.Role.FACILITATOR],
    }


def context_for(user: Any) -> dict[str, Any]:
    memberships = list(group_queries.groups_of(user))
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    group_ids = [m.group_id for m in active]
    unread = _unread(user, active)
    next_meetings = meeting_queries.next_meetings(group_ids)
    current = group_queries.current_guidelines_ids(group_ids)

    def card(m: Membership) -> dict[str, Any]:
        meeting = next_meetings.get(m.group_id)
        return {
            "membership": m,
            "group": m.group,
            "unread": unread.get(m.group_id, 0),
            "meeting": meeting,
            "when": meeting_queries.format_when(meeting, user),
            "consent_current": m.group_id not in current
            or m.consented_version_id == current[m.group_id],
        }

    facilitating = [m for m in active if m.role == Membership.Role.FACILITATOR]
    holds_staff_role = bool(facilitating) or user.is_moderator or user.is_superuser
    powers = holds_staff_role and staff_powers_enabled(user)

    alerts = safety_queries.open_alerts_by_urgency(user) if powers else []
    facilitated = []
    for m in facilitating:
        c = card(m)
        if powers and access.is_group_staff(user, m.group):
            members = list(
                group_queries.active_members(m.group).exclude(role=Membership.Role.FACILITATOR)
            )
            c.update(
                {
                    "alerts": sum(1 for a in alerts if a.group_id == m.group_id),
                    "first_posts": len(room_queries.waiting_first_posts(m.group)),
                    "members": len(members),
                    "agreed": sum(1 for x in members if x.has_current_consent()),
                    "requests": group_queries.pending_requests(m.group).count(),
                    "offered": outcome_queries.other_groups_offered_cell(m.group),
                }
            )
        facilitated.append(c)
    site_staff = powers and (user.is_moderator or user.is_superuser)
    return {
        "alerts": alerts,
        "show_alerts": powers and (site_staff or bool(facilitating)),
        "site_staff": site_staff,
        "queue": {
            "held": safety_queries.open_items(user, QueueItem.Kind.HELD).count(),
            "reports": safety_queries.open_items(user, QueueItem.Kind.REPORT).count(),
        }
        if site_staff
        else None,
        "needs_two_factor": holds_staff_role and not powers,
        "can_create_group": holds_staff_role,
        "facilitated": facilitated,
        "my_groups": [card(m) for m in active if m.role != Membership.Role.FACILITATOR],
        "pending": [m for m in memberships if m.status == Membership.Status.PENDING],
        "offers": outcome_queries.other_groups_offers(user),
        "now": timezone.now(),
    }
