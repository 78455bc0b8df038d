"""Outcomes: questionnaire responses, the check-in schedule, meeting counts, research consent.

Privacy: the item answers of every response are encrypted at rest (EncryptedTextField holding
JSON). The total and its band are stored in clear, because group and organisation aggregates
(and the research report) must be computed in the database without decrypting everyone's
answers; a total on its own says far less than the answers that make it.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.crypto import EncryptedTextField
from alongside.outcomes.instruments import INSTRUMENTS

INSTRUMENT_CHOICES = [(key, i.name) for key, i in INSTRUMENTS.items()]


class OutcomeSettings(models.Model):
    """The organisation's schedule (one row: an install is one organisation)."""

    checkin_interval_weeks = models.PositiveSmallIntegerField(
        _("weeks between check-ins"),
        default=4,
        help_text=_("After the first check-in, how often PHQ-9, GAD-7 and loneliness are offered."),
    )
    identification_after = models.CharField(
        _("identification after"),
        max_length=40,
        default="2,6",
        help_text=_(
            "After which meeting or week (whichever comes first) members are asked how "
            "they identify with the group. Comma-separated numbers."
        ),
    )
    email_reminders = models.BooleanField(_("e-mail reminders"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "outcome settings"

    def __str__(self) -> str:
        return f"every {self.checkin_interval_weeks} weeks; identification after {self.identification_after}"

    @classmethod
    def current(cls) -> OutcomeSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    @property
    def identification_points(self) -> list[int]:
        points = []
        for part in self.identification_after.split(","):
            part = part.strip()
            if part.isdigit() and int(part) > 0:
                points.append(int(part))
        return sorted(set(points))


class CheckIn(models.Model):
    """One questionnaire offered to one person at one point in the schedule. Always optional."""

    class Status(models.TextChoices):
        OPEN = "open", _("Due")
        DONE = "done", _("Answered")
        SKIPPED = "skipped", _("Skipped")
        EXPIRED = "expired", _("Missed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=16, choices=INSTRUMENT_CHOICES)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # "baseline", "week-4", "week-8"…; "after-2"/"after-6" (identification); "meeting-3" (feedback)
    occasion = models.CharField(max_length=30)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            # Two partial constraints: NULL groups are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "instrument", "occasion"],
                condition=models.Q(group__isnull=True),
                name="outcomes_one_personal_checkin",
            ),
            models.UniqueConstraint(
                fields=["user", "instrument", "group", "occasion"],
                condition=models.Q(group__isnull=False),
                name="outcomes_one_group_checkin",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.instrument} {self.occasion} ({self.status})"


class Response(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_responses"
    )
    instrument = models.CharField(max_length=16, choices=INSTRUMENT_CHOICES, db_index=True)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checkin = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occasion = models.CharField(max_length=30, blank=True)
    answers_json = EncryptedTextField()
    score = models.FloatField()
    band = models.CharField(max_length=20, blank=True)
    # The language of the items the person answered (a translation is scored identically, but
    # research may want to know which wording was read).
    language = models.CharField(max_length=10, default="en")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["user", "instrument", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.instrument} {self.created_at:%Y-%m-%d}"

    @property
    def answers(self) -> dict[str, int]:
        data: dict[str, Any] = json.loads(self.answers_json or "{}")
        return {k: int(v) for k, v in data.items()}

    @answers.setter
    def answers(self, value: dict[str, int]) -> None:
        self.answers_json = json.dumps(value, sort_keys=True)


class MeetingAttendance(models.Model):
    """How many meetings of a group a person has attended, as reported by the meetings app."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    meetings_attended = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="outcomes_one_attendance_count")
        ]

    def __str__(self) -> str:
        return f"{self.user} attended {self.meetings_attended} of {self.group}"


class ResearchConsent(models.Model):
    """Consent to use my check-ins in de-identified research. Separate from joining any group.

    Append-only: each give or withdraw is a new row; the latest row is the person's answer.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    consented = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {'gave' if self.consented else 'withdrew'} research consent"


class OutcomePreference(models.Model):
    """A member's choice about check-in reminders by e-mail (in-app reminders always show)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email_reminders = models.BooleanField(_("e-mail me when a check-in is ready"), default=True)

    def __str__(self) -> str:
        return f"{self.user}: e-mail reminders {'on' if self.email_reminders else 'off'}"


class OtherGroupsOffer(models.Model):
    """A member's identification with a group was at or below the scale's midpoint at two
    check-ins in a row, so they were offered (privately) other groups that may suit them better
    (Cruwys et al. 2014: recovery follows identifying with a group). Their facilitators see only
    how many such offers their group had, and only from MIN_CELL up."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["group", "created_at"])]

    def __str__(self) -> str:
        return f"other groups offered to {self.user_id} ({self.group_id})"
