"""Who may be in a meeting's voice and video call, and who may speak. Every view and the
revocation worker ask here, with current data, at the moment of action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.groups import access
from alongside.groups.access import Decision
from alongside.groups.models import Membership
from alongside.meetings.models import RSVP, LiveState, Meeting


def is_call_staff(user: Any, meeting: Meeting) -> bool:
    """Facilitators of this group (placed by admins; exempt from the age rule) run the call."""
    return access.is_facilitator(user, meeting.group)


def window_decision(meeting: Meeting, now: datetime | None = None) -> Decision:
    now = now or timezone.now()
    if not meeting.is_online:
        return Decision(False, _("This meeting meets in person, so it has no call."))
    if meeting.is_cancelled:
        return Decision(False, _("This meeting is cancelled."))
    if (
        meeting.has_ended(now)
        or LiveState.objects.filter(meeting=meeting, ended_at__isnull=False).exists()
    ):
        return Decision(False, _("This meeting has finished."))
    if not meeting.room_is_open(now):
        return Decision(False, _("The call opens 10 minutes before the meeting starts."))
    return Decision(True)


def join_decision(
    user: Any, meeting: Meeting, *, now: datetime | None = None, locked: bool = False
) -> Decision:
    """May this person be in the call right now? Members with current consent, of the right age
    for the group, with a place, not muted or suspended; the group's facilitators."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Decision(False, _("Please sign in."))
    window = window_decision(meeting, now)
    if not window:
        return window
    group = meeting.group
    if is_call_staff(user, meeting):
        return Decision(True)
    m = access.membership_of(user, group)
    if m is None or not m.is_active:
        return Decision(False, _("Only members of this group can join its calls."))
    age = access.age_decision(user, group)
    if not age:
        return age
    if not m.has_current_consent():
        return Decision(
            False,
            _(
                "The group's guidelines have changed. Please read and agree to them before joining the call."
            ),
        )
    for check in access._posting_checks:
        blocked = check(user, group)
        if blocked:
            return Decision(False, blocked)
    if (
        meeting.series.capacity
        and not RSVP.objects.filter(meeting=meeting, user=user, status=RSVP.Status.GOING).exists()
    ):
        return Decision(
            False,
            _(
                "The call is for the people who have a place at this meeting. Say you're coming on the meeting page first."
            ),
        )
    if locked:
        return Decision(False, _("The facilitator has locked the call: nobody new can join now."))
    return Decision(True)


def joins_muted(user: Any, meeting: Meeting) -> bool:
    """Listeners ('observe before sharing') join with their microphone off."""
    m = access.membership_of(user, meeting.group)
    return m is not None and m.role == Membership.Role.LISTENER and not is_call_staff(user, meeting)
