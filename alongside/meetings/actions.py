"""Every state change of the meetings app. Views, the CLI, tasks and the room call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.language import in_language_of
from alongside.accounts.models import User
from alongside.core import events
from alongside.groups import access
from alongside.groups.models import Format, Group, Membership
from alongside.groups.signals import meeting_attended
from alongside.meetings import recurrence, tasks
from alongside.meetings.models import (
    RSVP,
    AgendaTemplate,
    Attendance,
    CalendarFeed,
    LiveState,
    Meeting,
    MeetingSeries,
    Notice,
    SentReminder,
    default_agenda,
    new_feed_token,
)
from alongside.meetings.queries import attended_count, format_when, live_snapshot
from alongside.meetings.signals import live_state_changed
from alongside.notifications import actions as notifications
from alongside.notifications.queries import wants_email

# How far ahead recurring series are expanded into occurrences (the scheduler keeps extending it).
HORIZON = timedelta(days=120)
# A member may check themselves in from when the room opens until an hour after the end.
CHECK_IN_GRACE = timedelta(hours=1)
MAX_DURATION = 8 * 60


class MeetingActionError(Exception):
    """A request that cannot be carried out, with a message fit to show the person."""


# --- Agenda templates ----------------------------------------------------------------------


def agenda_template(group: Group) -> AgendaTemplate:
    template = AgendaTemplate.objects.filter(group=group).first()
    if template is None:
        with translation.override(
            group.language or None
        ):  # the group's language, like its guidelines
            template, _created = AgendaTemplate.objects.get_or_create(
                group=group, defaults={"steps": default_agenda()}
            )
    return template


def clean_steps(steps: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for step in steps:
        title = str(step.get("title", "")).strip()
        if not title:
            continue
        minutes = int(step.get("minutes") or 0)
        if not 0 <= minutes <= MAX_DURATION:
            raise MeetingActionError(_("Each step must last between 0 and 480 minutes."))
        cleaned.append({"title": title[:120], "minutes": minutes, "round": bool(step.get("round"))})
    if not cleaned:
        raise MeetingActionError(_("An agenda needs at least one step."))
    return cleaned


def update_agenda_template(
    group: Group, *, editor: Any, steps: Iterable[dict[str, Any]]
) -> AgendaTemplate:
    if not access.can_manage(editor, group):
        raise MeetingActionError(_("Only the group's facilitators can change its agenda."))
    template = agenda_template(group)
    template.steps = clean_steps(steps)
    template.updated_by = editor
    template.save()
    return template


# --- Series and occurrences ----------------------------------------------------------------


def _check_manager(actor: Any, group: Group) -> None:
    if not access.can_manage(actor, group):
        raise MeetingActionError(_("Only the group's facilitators can schedule meetings."))


def _validate_schedule(
    *,
    timezone_name: str,
    duration_minutes: int,
    rrule: str,
    start_local: datetime,
    format: str,
    video_url: str = "",
) -> None:
    if not recurrence.is_valid_timezone(timezone_name):
        raise MeetingActionError(_("Choose a time zone from the list, such as Europe/London."))
    if not 5 <= duration_minutes <= MAX_DURATION:
        raise MeetingActionError(_("A meeting lasts between 5 minutes and 8 hours."))
    if format not in Format.values:
        raise MeetingActionError(_("Choose online, in person or hybrid."))
    try:
        recurrence.validate_rule(rrule, start_local)
    except (ValueError, TypeError) as exc:
        raise MeetingActionError(_("That repeat rule is not valid.")) from exc


def _group_meeting_title(group: Group) -> str:
    with translation.override(group.language or None):
        return _("Group meeting")


def create_series(
    group: Group,
    *,
    creator: Any,
    title: str,
    start_date: date,
    start_time: time,
    timezone_name: str,
    duration_minutes: int = 90,
    repeat: str = recurrence.WEEKLY,
    rrule: str | None = None,
    format: str | None = None,
    description: str = "",
    video_url: str = "",
    location: str = "",
    capacity: int | None = None,
) -> MeetingSeries:
    _check_manager(creator, group)
    fmt = format or group.format
    rule = rrule if rrule is not None else recurrence.rule_for(repeat, start_date)
    start_local = datetime.combine(start_date, start_time)
    _validate_schedule(
        timezone_name=timezone_name,
        duration_minutes=duration_minutes,
        rrule=rule,
        start_local=start_local,
        format=fmt,
        video_url=video_url,
    )
    with transaction.atomic():
        series = MeetingSeries.objects.create(
            group=group,
            title=title.strip() or _group_meeting_title(group),
            description=description,
            format=fmt,
            video_url=video_url,
            location=location,
            start_date=start_date,
            start_time=start_time,
            time_zone=timezone_name,
            duration_minutes=duration_minutes,
            rrule=rule,
            capacity=capacity if capacity is not None else group.capacity,
            agenda=agenda_template(group).steps,
            created_by=creator,
        )
        expand_series(series)
    return series


def expand_series(series: MeetingSeries, *, now: datetime | None = None) -> list[Meeting]:
    """Create the occurrences up to the horizon that don't exist yet. Safe to call any time."""
    if series.cancelled_at:
        return []
    now = now or timezone.now()
    # The first expansion starts at the first meeting; later ones (horizon, reschedule) at now, so
    # a moved series never grows occurrences in the past.
    after = recurrence.to_utc(series.start_local, series.time_zone)
    if series.meetings.exists():
        after = max(after, now)
    starts = recurrence.occurrences(
        series.start_local, series.time_zone, series.rrule, after, now + HORIZON
    )
    existing = set(series.meetings.values_list("original_start", flat=True))
    created = []
    for when in starts:
        if when in existing:
            continue
        created.append(
            Meeting(
                series=series,
                group=series.group,
                original_start=when,
                starts_at=when,
                duration_minutes=series.duration_minutes,
            )
        )
    Meeting.objects.bulk_create(created, ignore_conflicts=True)
    series.expanded_until = now + HORIZON
    series.save(update_fields=["expanded_until"])
    return created


def expand_all_series(now: datetime | None = None) -> int:
    n = 0
    now = now or timezone.now()
    # Each series is extended about once a day, not on every tick.
    behind = Q(expanded_until__isnull=True) | Q(
        expanded_until__lt=now + HORIZON - timedelta(days=1)
    )
    for series in (
        MeetingSeries.objects.filter(behind, cancelled_at__isnull=True)
        .exclude(rrule="")
        .select_related("group")
    ):
        n += len(expand_series(series, now=now))
    return n


def update_series_details(series: MeetingSeries, *, editor: Any, **fields: Any) -> MeetingSeries:
    """Change what/where (title, description, format, video link, place, capacity), not when."""
    _check_manager(editor, series.group)
    allowed = {"title", "description", "format", "video_url", "location", "capacity"}
    for key, value in fields.items():
        if key not in allowed:
            raise TypeError(key)
        setattr(series, key, value)
    if series.format not in Format.values:
        raise MeetingActionError(_("Choose online, in person or hybrid."))
    series.save()
    return series


def reschedule_series(
    series: MeetingSeries,
    *,
    editor: Any,
    start_date: date,
    start_time: time,
    timezone_name: str,
    duration_minutes: int,
    repeat: str | None = None,
    rrule: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> MeetingSeries:
    """Move the whole series. Future occurrences are replaced; their RSVPs are told and released."""
    _check_manager(editor, series.group)
    now = now or timezone.now()
    rule = (
        rrule
        if rrule is not None
        else recurrence.rule_for(repeat or recurrence.preset_of(series.rrule), start_date)
    )
    _validate_schedule(
        timezone_name=timezone_name,
        duration_minutes=duration_minutes,
        rrule=rule,
        start_local=datetime.combine(start_date, start_time),
        format=series.format,
    )
    with transaction.atomic():
        future = list(series.meetings.filter(starts_at__gt=now, status=Meeting.Status.SCHEDULED))
        affected = _people_to_tell(series.group, future, whole_group=True)
        Meeting.objects.filter(pk__in=[m.pk for m in future]).delete()
        series.start_date, series.start_time = start_date, start_time
        series.time_zone, series.duration_minutes, series.rrule = (
            timezone_name,
            duration_minutes,
            rule,
        )
        series.save()
        expand_series(series, now=now)
        first = series.meetings.filter(starts_at__gt=now, status=Meeting.Status.SCHEDULED).first()
        notify(
            affected,
            first,
            gettext_lazy("“%(title)s” has a new time, starting %(when)s."),
            subject=gettext_lazy("New meeting time: %(title)s"),
            params={"title": series.title},
            note=note,
        )
    return series


def cancel_series(
    series: MeetingSeries, *, editor: Any, note: str = "", now: datetime | None = None
) -> None:
    _check_manager(editor, series.group)
    now = now or timezone.now()
    with transaction.atomic():
        future = list(series.meetings.filter(starts_at__gt=now, status=Meeting.Status.SCHEDULED))
        affected = _people_to_tell(series.group, future, whole_group=True)
        for meeting in future:
            meeting.status = Meeting.Status.CANCELLED
            meeting.note = note
            meeting.sequence += 1
        Meeting.objects.bulk_update(future, ["status", "note", "sequence"])
        series.cancelled_at = now
        series.save(update_fields=["cancelled_at"])
        notify(
            affected,
            None,
            gettext_lazy("“%(title)s” will not meet any more."),
            subject=gettext_lazy("Meetings cancelled: %(title)s"),
            params={"title": series.title},
            note=note,
        )


def cancel_meeting(meeting: Meeting, *, editor: Any, note: str = "") -> Meeting:
    _check_manager(editor, meeting.group)
    if meeting.is_cancelled:
        raise MeetingActionError(_("This meeting is already cancelled."))
    with transaction.atomic():
        meeting.status = Meeting.Status.CANCELLED
        meeting.note = note
        meeting.sequence += 1
        meeting.save(update_fields=["status", "note", "sequence"])
        notify(
            _people_to_tell(meeting.group, [meeting]),
            meeting,
            gettext_lazy("The meeting “%(title)s” on %(when)s is cancelled."),
            subject=gettext_lazy("Cancelled: %(title)s"),
            params={"title": meeting.series.title},
            note=note,
        )
    return meeting


def reschedule_meeting(
    meeting: Meeting,
    *,
    editor: Any,
    starts_at: datetime,
    duration_minutes: int | None = None,
    note: str = "",
) -> Meeting:
    """Move one occurrence. It keeps its RSVPs; reminders already sent for the old time don't block new ones."""
    _check_manager(editor, meeting.group)
    if meeting.is_cancelled:
        raise MeetingActionError(_("A cancelled meeting cannot be moved."))
    if timezone.is_naive(starts_at):
        raise MeetingActionError(_("Give the new time with its time zone."))
    if starts_at <= timezone.now():
        raise MeetingActionError(_("Choose a new time in the future."))
    duration = duration_minutes or meeting.duration_minutes
    if not 5 <= duration <= MAX_DURATION:
        raise MeetingActionError(_("A meeting lasts between 5 minutes and 8 hours."))

    with transaction.atomic():
        meeting.starts_at = starts_at
        meeting.duration_minutes = duration
        meeting.rescheduled = True
        meeting.note = note
        meeting.sequence += 1
        meeting.save()
        # The old reminders were about the old time: people get reminded of the new one.
        SentReminder.objects.filter(meeting=meeting).delete()
        notify(
            _people_to_tell(meeting.group, [meeting]),
            meeting,
            gettext_lazy("The meeting “%(title)s” has moved to %(when)s."),
            subject=gettext_lazy("New time: %(title)s"),
            params={"title": meeting.series.title},
            note=note,
        )
    return meeting


# --- RSVP, capacity and the waitlist -------------------------------------------------------


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("series", "group").get(pk=meeting.pk)


def rsvp(meeting: Meeting, user: Any, *, now: datetime | None = None) -> RSVP:
    """Say you're coming. Takes a place if one is free, otherwise a place on the waitlist."""
    if not access.is_member(user, meeting.group):
        raise MeetingActionError(_("Only members of this group can sign up for its meetings."))
    now = now or timezone.now()
    with transaction.atomic():
        meeting = _locked(meeting)  # serialises sign-ups so capacity holds under concurrency
        if meeting.is_cancelled:
            raise MeetingActionError(_("This meeting is cancelled."))
        if meeting.has_ended(now):
            raise MeetingActionError(_("This meeting has already happened."))
        existing = RSVP.objects.filter(meeting=meeting, user=user).first()
        if existing and existing.status in (RSVP.Status.GOING, RSVP.Status.WAITLISTED):
            return existing
        going = RSVP.objects.filter(meeting=meeting, status=RSVP.Status.GOING).count()
        status = RSVP.Status.GOING if going < meeting.series.capacity else RSVP.Status.WAITLISTED
        if existing:
            existing.status, existing.created_at = status, now
            existing.save(update_fields=["status", "created_at", "updated_at"])
            return existing
        return RSVP.objects.create(meeting=meeting, user=user, status=status, created_at=now)


def cancel_rsvp(meeting: Meeting, user: Any) -> RSVP | None:
    """Say you can't come. A freed place goes to the first person waiting, who is told.

    Returns the promoted RSVP, if anyone was promoted."""
    with transaction.atomic():
        meeting = _locked(meeting)
        mine = RSVP.objects.filter(meeting=meeting, user=user).first()
        if mine is None or mine.status == RSVP.Status.CANCELLED:
            return None
        was_going = mine.status == RSVP.Status.GOING
        mine.status = RSVP.Status.CANCELLED
        mine.save(update_fields=["status", "updated_at"])
        return _promote_from_waitlist(meeting) if was_going else None


def _promote_from_waitlist(meeting: Meeting) -> RSVP | None:
    going = RSVP.objects.filter(meeting=meeting, status=RSVP.Status.GOING).count()
    if going >= meeting.series.capacity or meeting.is_cancelled or meeting.has_ended():
        return None
    nxt = (
        RSVP.objects.filter(meeting=meeting, status=RSVP.Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if nxt is None:
        return None
    nxt.status = RSVP.Status.GOING
    nxt.save(update_fields=["status", "updated_at"])
    notify(
        [nxt.user],
        meeting,
        gettext_lazy("A place opened up: you're now going to “%(title)s” on %(when)s."),
        subject=gettext_lazy("You have a place: %(title)s"),
        params={"title": meeting.series.title},
    )
    return nxt


def give_up_places(user: Any, group: Group, *, now: datetime | None = None) -> list[RSVP]:
    """Someone's membership of `group` ended (groups' `membership_ended` signal): they give up
    their places in its upcoming meetings, so each waitlist moves up at once."""
    now = now or timezone.now()
    promoted = []
    for r in RSVP.objects.filter(
        user=user,
        meeting__group=group,
        meeting__starts_at__gt=now,
        status__in=[RSVP.Status.GOING, RSVP.Status.WAITLISTED],
    ).select_related("meeting"):
        p = cancel_rsvp(r.meeting, user)
        if p is not None:
            promoted.append(p)
    return promoted


def release_places_of_former_members(*, now: datetime | None = None) -> list[RSVP]:
    """People who are no longer members give up their places in upcoming meetings. Leaving does
    this at once (give_up_places); the periodic job also sweeps up any other way out."""
    now = now or timezone.now()
    active = Membership.objects.filter(status=Membership.Status.ACTIVE)
    stale = (
        RSVP.objects.filter(
            meeting__starts_at__gt=now, status__in=[RSVP.Status.GOING, RSVP.Status.WAITLISTED]
        )
        .exclude(
            user_id__in=active.filter(group_id=OuterRef("meeting__group_id")).values("user_id")
        )
        .select_related("meeting", "user")
    )
    promoted = []
    for r in stale:
        p = cancel_rsvp(r.meeting, r.user)
        if p is not None:
            promoted.append(p)
    return promoted


def set_capacity(series: MeetingSeries, *, editor: Any, capacity: int) -> list[RSVP]:
    """Change the number of places; more places promote people from the waitlists."""
    _check_manager(editor, series.group)
    promoted: list[RSVP] = []
    with transaction.atomic():
        series.capacity = capacity
        series.save(update_fields=["capacity"])
        for meeting in series.meetings.filter(
            starts_at__gt=timezone.now(), status=Meeting.Status.SCHEDULED
        ):
            meeting = _locked(meeting)
            while (p := _promote_from_waitlist(meeting)) is not None:
                promoted.append(p)
    return promoted


# --- Attendance ----------------------------------------------------------------------------


def check_in(meeting: Meeting, user: Any, *, by: Any, now: datetime | None = None) -> Attendance:
    """Mark someone as present. Members check themselves in while the room is open; facilitators
    can record anyone in the group, during or after the meeting."""
    now = now or timezone.now()
    group = meeting.group
    if meeting.is_cancelled:
        raise MeetingActionError(_("This meeting is cancelled."))
    if by.pk == user.pk and not access.is_group_staff(by, group):
        if not access.is_member(user, group):
            raise MeetingActionError(_("Only members of this group can check in."))
        if not meeting.opens_at <= now <= meeting.ends_at + CHECK_IN_GRACE:
            raise MeetingActionError(
                _("You can check in from 10 minutes before the meeting starts.")
            )
    else:
        if not access.can_manage(by, group):
            raise MeetingActionError(_("Only a facilitator can check someone else in."))
        if not access.is_member(user, group):
            raise MeetingActionError(_("That person is not a member of this group."))
        if now < meeting.opens_at:
            raise MeetingActionError(_("Check-in opens 10 minutes before the meeting starts."))
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                meeting=meeting, user=user, checked_in_by=by, checked_in_at=now
            )
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, user=user)
    # Outcomes listens: identification after the 2nd meeting and this meeting's session feedback.
    meeting_attended.send(
        sender=Attendance, user=user, group=group, count=attended_count(user, group), now=now
    )
    return attendance


# --- Running a meeting live ----------------------------------------------------------------


def _live_for_update(meeting: Meeting) -> LiveState:
    LiveState.objects.get_or_create(meeting=meeting)
    return LiveState.objects.select_for_update().get(meeting=meeting)


def _check_running(meeting: Meeting, actor: Any, now: datetime) -> None:
    if not access.can_manage(actor, meeting.group):
        raise MeetingActionError(_("Only a facilitator can run the meeting."))
    if meeting.is_cancelled:
        raise MeetingActionError(_("This meeting is cancelled."))
    if not meeting.room_is_open(now):
        raise MeetingActionError(_("The room opens 10 minutes before the meeting starts."))


def _publish(meeting: Meeting, live: LiveState) -> None:
    live.version += 1
    live.save()

    live_state_changed.send(sender=LiveState, meeting=meeting, speaker_id=live.current_speaker_id)
    snapshot = live_snapshot(meeting, live)
    # Room clients get it as {"type": "event", "event": ...} (alongside.core.events, MEETING_LIVE).
    events.publish_on_commit(
        events.MEETING_LIVE,
        {"kind": "meeting", "meeting": meeting.pk, "state": snapshot},
        group_id=meeting.group_id,
    )


def _round_order(meeting: Meeting) -> list[int]:
    """Who holds the talking piece, in order: people who checked in, then people who said they'd come."""
    order: list[int] = []
    for user_id in meeting.attendance.order_by("checked_in_at", "pk").values_list(
        "user_id", flat=True
    ):
        if user_id not in order:
            order.append(user_id)
    for user_id in meeting.rsvps.filter(status=RSVP.Status.GOING).values_list("user_id", flat=True):
        if user_id not in order:
            order.append(user_id)
    active = set(
        Membership.objects.filter(
            group=meeting.group, status=Membership.Status.ACTIVE, user_id__in=order
        ).values_list("user_id", flat=True)
    )
    return [u for u in order if u in active]


def go_to_step(meeting: Meeting, *, by: Any, index: int, now: datetime | None = None) -> LiveState:
    now = now or timezone.now()
    _check_running(meeting, by, now)
    steps = meeting.series.agenda
    if not 0 <= index < len(steps):
        raise MeetingActionError(_("There is no such step in the agenda."))
    with transaction.atomic():
        live = _live_for_update(meeting)
        live.step_index = index
        live.round_order, live.round_turn, live.round_passed = [], -1, []
        live.timer_started_at, live.timer_seconds = None, 0
        live.ended_at = None
        _publish(meeting, live)
    return live


def advance_step(
    meeting: Meeting, *, by: Any, delta: int = 1, now: datetime | None = None
) -> LiveState:
    live = LiveState.objects.filter(meeting=meeting).first()
    current = live.step_index if live else -1
    return go_to_step(meeting, by=by, index=max(0, current + delta), now=now)


def start_timer(
    meeting: Meeting, *, by: Any, seconds: int, now: datetime | None = None
) -> LiveState:
    now = now or timezone.now()
    _check_running(meeting, by, now)
    if not 10 <= seconds <= 60 * 60:
        raise MeetingActionError(_("A share timer runs between 10 seconds and an hour."))
    with transaction.atomic():
        live = _live_for_update(meeting)
        live.timer_started_at, live.timer_seconds = now, seconds
        _publish(meeting, live)
    return live


def stop_timer(meeting: Meeting, *, by: Any, now: datetime | None = None) -> LiveState:
    now = now or timezone.now()
    _check_running(meeting, by, now)
    with transaction.atomic():
        live = _live_for_update(meeting)
        live.timer_started_at, live.timer_seconds = None, 0
        _publish(meeting, live)
    return live


def start_round(meeting: Meeting, *, by: Any, now: datetime | None = None) -> LiveState:
    now = now or timezone.now()
    _check_running(meeting, by, now)
    order = _round_order(meeting)
    if not order:
        raise MeetingActionError(
            _(
                "Nobody has checked in or said they're coming yet, so there is no one to take a turn."
            )
        )
    with transaction.atomic():
        live = _live_for_update(meeting)
        if live.step_index < 0:
            live.step_index = 0
        live.round_order, live.round_turn, live.round_passed = order, 0, []
        if live.timer_seconds:
            live.timer_started_at = now
        _publish(meeting, live)
    return live


def end_turn(
    meeting: Meeting, *, by: Any, passed: bool = False, now: datetime | None = None
) -> LiveState:
    """The speaker finishes (or passes); the talking piece moves on. The speaker or a facilitator may do it."""
    now = now or timezone.now()
    with transaction.atomic():
        live = _live_for_update(meeting)
        speaker = live.current_speaker_id
        if speaker is None:
            raise MeetingActionError(_("No round is running."))
        if by.pk != speaker and not access.can_manage(by, meeting.group):
            raise MeetingActionError(_("It isn't your turn yet."))
        if passed and speaker not in live.round_passed:
            live.round_passed = [*live.round_passed, speaker]
        live.round_turn += 1
        if live.timer_seconds and live.round_active:
            live.timer_started_at = now
        _publish(meeting, live)
    return live


def end_round(meeting: Meeting, *, by: Any, now: datetime | None = None) -> LiveState:
    now = now or timezone.now()
    _check_running(meeting, by, now)
    with transaction.atomic():
        live = _live_for_update(meeting)
        live.round_turn = len(live.round_order)
        _publish(meeting, live)
    return live


def end_meeting(meeting: Meeting, *, by: Any, now: datetime | None = None) -> LiveState:
    now = now or timezone.now()
    if not access.can_manage(by, meeting.group):
        raise MeetingActionError(_("Only a facilitator can run the meeting."))
    with transaction.atomic():
        live = _live_for_update(meeting)
        live.ended_at = now
        live.round_turn = len(live.round_order)
        live.timer_started_at, live.timer_seconds = None, 0
        _publish(meeting, live)
    return live


# --- Notices (e-mail + in-app) -------------------------------------------------------------


def _people_to_tell(
    group: Group, meetings: list[Meeting], *, whole_group: bool = False
) -> list[Any]:
    """Members who said they'd come (or are waiting) for these meetings, or, for a change to the
    whole series, every active member of the group."""

    if not meetings:
        return []
    if not whole_group:
        rsvp_ids = (
            RSVP.objects.filter(meeting__in=meetings)
            .exclude(status=RSVP.Status.CANCELLED)
            .values_list("user_id", flat=True)
        )
        return list(User.objects.filter(pk__in=list(rsvp_ids)))
    ids = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=list(ids)))


def notify(
    users: Iterable[Any],
    meeting: Meeting | None,
    text: Any,
    *,
    subject: Any,
    params: dict[str, Any],
    note: str = "",
) -> list[Notice]:
    """An in-app notice now and an e-mail from a background task once the transaction commits.
    Each person gets it in their own language, with the meeting's time in their own time zone."""

    notices = []
    for user in users:
        with in_language_of(user):
            values = {**params, "when": format_when(meeting, user)}
            body = str(text) % values + (f" {note}" if note else "")
            notices.append(
                Notice(
                    user=user,
                    meeting=meeting,
                    text=body[:400],
                    subject=(str(subject) % values)[:200],
                )
            )
    Notice.objects.bulk_create(notices)  # SQLite and PostgreSQL both return the new keys
    # The notification centre too (each text is already in its reader's language); the e-mail
    # goes to those who keep meeting e-mails on (notifications' per-person settings).
    for n in notices:
        notifications.notify(
            [n.user],
            "meeting",
            n.text,
            url=meeting.get_absolute_url() if meeting else "",
            group=meeting.group_id if meeting else None,
            target="meeting" if meeting else "",
            target_id=meeting.pk if meeting else None,
            email=False,
        )
    ids = [n.pk for n in notices if n.pk and wants_email(n.user, "meeting")]
    if ids:
        transaction.on_commit(lambda: tasks.email_notices.enqueue(notice_ids=ids))
    return notices


def mark_notices_read(user: Any) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- Calendar feeds ------------------------------------------------------------------------


def calendar_feed(user: Any) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_calendar_feed(user: Any) -> CalendarFeed:
    feed = calendar_feed(user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
