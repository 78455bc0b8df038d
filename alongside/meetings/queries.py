"""Reads about meetings that several places need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import formats, timezone

from alongside.accounts.models import User
from alongside.groups.models import Group, Membership
from alongside.meetings.models import RSVP, Attendance, LiveState, Meeting, SentReminder
from alongside.meetings.recurrence import is_valid_timezone

REMINDER_OFFSETS = {
    SentReminder.Kind.DAY: timedelta(hours=24),
    SentReminder.Kind.HOUR: timedelta(hours=1),
}


def zone_of(user: Any) -> ZoneInfo:
    name = getattr(user, "timezone", "") or "UTC"
    return ZoneInfo(name if is_valid_timezone(name) else "UTC")


def format_when(meeting: Meeting | None, user: Any) -> str:
    """The meeting's start in the person's own time zone, e.g. 'Tue 3 March 2026, 19:00 (Europe/London)'."""
    if meeting is None:
        return ""
    zone = zone_of(user)
    local = meeting.starts_at.astimezone(zone)
    return f"{formats.date_format(local, 'D j F Y, H:i')} ({zone.key})"


def attended_count(user: Any, group: Group) -> int:
    """How many of the group's meetings this person was checked in to (for the outcomes schedule)."""
    return Attendance.objects.filter(user=user, meeting__group=group).count()


def attendance_summary(
    group: Group, *, since: datetime | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """For group effectiveness: meetings held (not cancelled, already over), check-ins, and the
    mean number of people per meeting. Counts of people, never who."""
    now = now or timezone.now()
    held = Meeting.objects.filter(group=group, status=Meeting.Status.SCHEDULED, starts_at__lt=now)
    if since is not None:
        held = held.filter(starts_at__gte=since)
    held_ids = [m.pk for m in held if m.has_ended(now)]
    check_ins = Attendance.objects.filter(meeting_id__in=held_ids).count()
    people = Attendance.objects.filter(meeting_id__in=held_ids).values("user_id").distinct().count()
    return {
        "meetings_held": len(held_ids),
        "check_ins": check_ins,
        "people": people,
        "mean_per_meeting": round(check_ins / len(held_ids), 1) if held_ids else None,
    }


def upcoming_for_group(
    group: Group, *, now: datetime | None = None, limit: int = 20
) -> list[Meeting]:
    """Meetings not yet over (a meeting lasts at most 8 hours), soonest first."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(group=group, starts_at__gt=now - timedelta(hours=8))
        .select_related("series", "group")
        .order_by("starts_at")[: limit + 10]
    )
    return [m for m in meetings if not m.has_ended(now)][:limit]


def next_meetings(group_ids: Sequence[int], *, now: datetime | None = None) -> dict[int, Meeting]:
    """Each group's next meeting that is not cancelled and not over (a meeting lasts at most 8 hours)."""
    now = now or timezone.now()
    found: dict[int, Meeting] = {}
    meetings = (
        Meeting.objects.filter(
            group_id__in=list(group_ids),
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now - timedelta(hours=8),
            starts_at__lt=now + timedelta(days=120),
        )
        .select_related("series", "group")
        .order_by("starts_at")
    )
    for m in meetings:
        if m.group_id not in found and not m.has_ended(now):
            found[m.group_id] = m
    return found


def next_meeting_times(group_ids: Sequence[int], viewer: Any) -> dict[int, str]:
    """When each group next meets, in the viewer's time zone (matching's cards: groups.matching)."""
    return {gid: format_when(m, viewer) for gid, m in next_meetings(group_ids).items()}


def current_meeting(group: Group, *, now: datetime | None = None) -> Meeting | None:
    """The online meeting whose room is open now (from 10 minutes before until it ends), if any.
    The room page embeds meetings/_live_panel.html for it (context: meetings.views.live_context)."""
    now = now or timezone.now()
    for meeting in upcoming_for_group(group, now=now, limit=5):
        if meeting.room_is_open(now) and meeting.is_online:
            return meeting
    return None


def recent_for_group(
    group: Group, *, now: datetime | None = None, limit: int = 10
) -> list[Meeting]:
    now = now or timezone.now()
    past = (
        Meeting.objects.filter(group=group, starts_at__lt=now)
        .select_related("series")
        .order_by("-starts_at")[: limit * 2]
    )
    return [m for m in past if m.has_ended(now)][:limit]


def my_meetings(user: Any, *, now: datetime | None = None, days: int = 60) -> list[Meeting]:
    """Upcoming meetings across every group the person is an active member of."""
    now = now or timezone.now()
    groups = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
        "group_id", flat=True
    )
    meetings = (
        Meeting.objects.filter(
            group_id__in=list(groups),
            starts_at__gt=now - timedelta(hours=8),
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("series", "group")
        .order_by("starts_at")
    )
    return [m for m in meetings if not m.has_ended(now)]


def rsvp_of(meeting: Meeting, user: Any) -> RSVP | None:
    if not user.is_authenticated:
        return None
    return RSVP.objects.filter(meeting=meeting, user=user).first()


def going(meeting: Meeting) -> QuerySet[RSVP]:
    return (
        RSVP.objects.filter(meeting=meeting, status=RSVP.Status.GOING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def waitlist(meeting: Meeting) -> QuerySet[RSVP]:
    return (
        RSVP.objects.filter(meeting=meeting, status=RSVP.Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def waitlist_position(meeting: Meeting, user: Any) -> int | None:
    for n, r in enumerate(waitlist(meeting), start=1):
        if r.user_id == user.pk:
            return n
    return None


def is_checked_in(meeting: Meeting, user: Any) -> bool:
    return user.is_authenticated and Attendance.objects.filter(meeting=meeting, user=user).exists()


def live_snapshot(
    meeting: Meeting, live: LiveState | None = None, *, now: datetime | None = None
) -> dict[str, Any]:
    """Everything the live panel shows, as plain JSON (also sent to the room on each change)."""

    now = now or timezone.now()
    if live is None:
        live = LiveState.objects.filter(meeting=meeting).first() or LiveState(meeting=meeting)
    steps = meeting.series.agenda
    step = steps[live.step_index] if 0 <= live.step_index < len(steps) else None
    handles = dict(User.objects.filter(pk__in=live.round_order).values_list("pk", "handle"))
    remaining = None
    if live.timer_started_at and live.timer_seconds:
        elapsed = (now - live.timer_started_at).total_seconds()
        remaining = max(0, int(live.timer_seconds - elapsed))
    return {
        "meeting": meeting.pk,
        "version": live.version,
        "step_index": live.step_index,
        "step_count": len(steps),
        "step": step,
        "steps": steps,
        "timer_seconds": live.timer_seconds,
        "timer_remaining": remaining,
        "timer_started_at": live.timer_started_at.isoformat() if live.timer_started_at else None,
        "round_active": live.round_active,
        "round": [
            {
                "user_id": uid,
                "handle": handles.get(uid, "?"),
                "passed": uid in live.round_passed,
                "done": i < live.round_turn,
                "current": i == live.round_turn,
            }
            for i, uid in enumerate(live.round_order)
        ],
        "speaker_id": live.current_speaker_id,
        "speaker": handles.get(live.current_speaker_id) if live.current_speaker_id else None,
        "ended": live.ended_at is not None,
    }


def due_reminders(now: datetime | None = None) -> list[tuple[int, str]]:
    """(meeting id, kind) for every reminder that is due now. Only the latest threshold passed is
    due: someone signing up 30 minutes before gets the 1-hour reminder, not both."""
    now = now or timezone.now()
    result = []
    for meeting in Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_OFFSETS[SentReminder.Kind.DAY],
    ):
        left = meeting.starts_at - now
        kind = (
            SentReminder.Kind.HOUR
            if left <= REMINDER_OFFSETS[SentReminder.Kind.HOUR]
            else SentReminder.Kind.DAY
        )
        if pending_reminder_recipients(meeting, str(kind)).exists():
            result.append((meeting.pk, str(kind)))
    return result


def reminder_recipients(meeting: Meeting) -> QuerySet[Any]:
    """People who said they're coming. (Waitlisted people are told if a place opens.)"""

    ids = RSVP.objects.filter(meeting=meeting, status=RSVP.Status.GOING).values_list(
        "user_id", flat=True
    )
    active = Membership.objects.filter(
        group=meeting.group, status=Membership.Status.ACTIVE
    ).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=list(ids)).filter(pk__in=list(active)).order_by("pk")


def pending_reminder_recipients(meeting: Meeting, kind: str) -> QuerySet[Any]:
    """Recipients not yet sent this reminder. (Only an optimisation: the unique SentReminder row is
    what guarantees a reminder is never sent twice.)"""
    done = SentReminder.objects.filter(meeting=meeting, kind=kind).values("user_id")
    return reminder_recipients(meeting).exclude(pk__in=done)
