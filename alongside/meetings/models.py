"""Meetings: series (one-off or recurring), their occurrences, RSVPs, attendance, live state,
reminders (sent exactly once), in-app notices and private calendar feeds."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.groups.models import Format, Group

ROOM_OPENS_BEFORE = timedelta(minutes=10)


def default_agenda() -> list[dict[str, object]]:
    # The structure NAMI, DBSA and SMART Recovery meetings share (issue 6).
    return [
        {"title": str(_("Welcome and guidelines")), "minutes": 5, "round": False},
        {"title": str(_("Check-in round")), "minutes": 15, "round": True},
        {"title": str(_("Sharing")), "minutes": 35, "round": False},
        {"title": str(_("Topic or skill")), "minutes": 20, "round": False},
        {"title": str(_("Check-out")), "minutes": 10, "round": True},
    ]


class AgendaTemplate(models.Model):
    """A group's meeting structure: a list of steps {title, minutes, round}."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="agenda_template")
    steps = models.JSONField(default=default_agenda)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Agenda for {self.group}"


class MeetingSeries(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meeting_series")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_("Optional, for organisations that meet on a video service. Members only."),
    )
    location = models.TextField(
        _("meeting place"),
        blank=True,
        help_text=_("Leave empty to use the group's place. Members only."),
    )
    # The first meeting in local wall-clock time, and the zone it is in.
    # (Date and time fields, not a DateTimeField: Django would convert those to UTC.)
    start_date = models.DateField(_("date of the first meeting"))
    start_time = models.TimeField(_("start time (local)"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    rrule = models.CharField(_("repeat rule (RFC 5545)"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    agenda = models.JSONField(default=default_agenda)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Occurrences exist up to here; the scheduler extends series that fall behind the horizon.
    expanded_until = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["group", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.group})"

    @property
    def place(self) -> str:
        return self.location or self.group.location

    @property
    def start_local(self) -> datetime:
        return datetime.combine(self.start_date, self.start_time)

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)


class Meeting(models.Model):
    """One occurrence. `original_start` is its RECURRENCE-ID; `starts_at` moves when rescheduled."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    original_start = models.DateTimeField()
    starts_at = models.DateTimeField(db_index=True)
    duration_minutes = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    rescheduled = models.BooleanField(default=False)
    note = models.CharField(_("note to members"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, bumped on changes

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="one_occurrence_per_start"
            )
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.series.title} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def ends_at(self):  # type: ignore[no-untyped-def]
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def opens_at(self):  # type: ignore[no-untyped-def]
        return self.starts_at - ROOM_OPENS_BEFORE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def format(self) -> str:
        return self.series.format

    @property
    def is_online(self) -> bool:
        return self.series.format in (Format.ONLINE, Format.HYBRID)

    @property
    def has_place(self) -> bool:
        return self.series.format in (Format.IN_PERSON, Format.HYBRID)

    def has_ended(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        return (now or timezone.now()) >= self.ends_at

    def room_is_open(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        return not self.is_cancelled and self.opens_at <= now < self.ends_at


class RSVP(models.Model):
    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Not going")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)  # waitlist order
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_rsvp_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.status} {self.meeting}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_check_in")]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"


class LiveState(models.Model):
    """Where a running meeting is: the current step, the share timer and the talking piece."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="live")
    step_index = models.IntegerField(default=-1)  # -1: not started
    timer_started_at = models.DateTimeField(null=True, blank=True)
    timer_seconds = models.PositiveIntegerField(default=0)
    round_order = models.JSONField(default=list)  # user ids in speaking order
    round_turn = models.IntegerField(default=-1)  # index into round_order; -1: no round
    round_passed = models.JSONField(default=list)  # user ids who passed
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Live state of {self.meeting}"

    @property
    def round_active(self) -> bool:
        return 0 <= self.round_turn < len(self.round_order)

    @property
    def current_speaker_id(self) -> int | None:
        return self.round_order[self.round_turn] if self.round_active else None


class SentReminder(models.Model):
    """Idempotency key: one row per (meeting, person, kind) means that reminder was sent."""

    class Kind(models.TextChoices):
        DAY = "24h", _("24 hours before")
        HOUR = "1h", _("1 hour before")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "kind"], name="one_reminder_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder to {self.user} for {self.meeting}"


class Notice(models.Model):
    """An in-app notice about a meeting (reminder, cancellation, new time, a place freed up)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_notices"
    )
    meeting = models.ForeignKey(Meeting, null=True, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200, blank=True)
    text = models.CharField(max_length=400)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A member's private iCal feed. The token is the only secret; resetting it revokes old URLs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
