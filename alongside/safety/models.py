"""Safety: crisis alerts, the moderation queue, restrictions, appeals."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.crypto import EncryptedTextField


class AlertLevel(models.TextChoices):
    CONCERN = "concern", _("Concern")
    HIGH = "high", _("High risk")


class CrisisAlert(models.Model):
    """A member may be in crisis. Every step is time-stamped so time to acknowledge is measured.

    Tiers: 1 = the group's facilitators and the on-call moderators; 2 = all moderators;
    3 = all moderators and admins. Unacknowledged alerts move up a tier after
    `settings.SAFETY_ACK_MINUTES[level]` (see actions.escalate_crisis_alerts).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CONTACTED = "contacted", _("Member contacted")
        RESOLVED = "resolved", _("Resolved")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.CharField(max_length=10, choices=AlertLevel.choices)
    source = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    summary = EncryptedTextField(blank=True)
    reasons = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=0.0)
    status = models.CharField(
        max_length=15, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    tier = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} alert for {self.member} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED

    @property
    def time_to_acknowledge(self) -> timedelta | None:
        return self.acknowledged_at - self.created_at if self.acknowledged_at else None


class AlertNote(models.Model):
    """A step or note on an alert. The text is encrypted at rest; staff reads are audited."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CONTACTED = "contacted", _("Contacted the member")
        RESOLVED = "resolved", _("Resolved")
        ESCALATED = "escalated", _("Escalated")
        REPEATED = "repeated", _("Another message")

    alert = models.ForeignKey(CrisisAlert, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.NOTE)
    text = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on alert {self.alert_id}"


class QueueItem(models.Model):
    """Something for a moderator to look at: a held message or a member's report."""

    class Kind(models.TextChoices):
        HELD = "held", _("Held message")
        REPORT = "report", _("Report")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        DONE = "done", _("Reviewed")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    source = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decision = models.CharField(max_length=15, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["source", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.source}#{self.object_id} ({self.status})"


class Restriction(models.Model):
    """A mute (one group, for a time) or a suspension (site-wide). Lifting sets lifted_at."""

    class Kind(models.TextChoices):
        MUTE = "mute", _("Muted")
        SUSPEND = "suspend", _("Suspended")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=500)
    until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "lifted_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.user} until {self.until}"


class Sanction(models.Model):
    """A moderation decision about a member, with the reason shown to them. They can appeal."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Message hidden")
        WARN = "warn", _("Warning")
        MUTE = "mute", _("Muted")
        REMOVE = "remove", _("Removed from the group")
        SUSPEND = "suspend", _("Account suspended")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=500)
    source = models.CharField(max_length=40, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    restriction = models.ForeignKey(
        Restriction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    overturned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.member}"


class Appeal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        UPHELD = "upheld", _("Decision upheld")
        OVERTURNED = "overturned", _("Decision overturned")

    sanction = models.ForeignKey(Sanction, on_delete=models.CASCADE, related_name="appeals")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"appeal of {self.sanction} ({self.status})"


class Notice(models.Model):
    """An in-app message for one person (outcome of their report, a decision about them)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # A short excerpt of the message the notice is about (someone's words: encrypted like the
    # message itself), kept apart so that it goes when its author removes or erases the message.
    quote = EncryptedTextField(blank=True)
    about_source = models.CharField(max_length=40, blank=True)
    about_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["about_source", "about_id"])]

    def __str__(self) -> str:
        return f"notice for {self.user}"

    @property
    def shown(self) -> str:
        """The notice as its reader sees it: the text, then what it is about while that exists."""
        if not self.quote:
            return self.text
        return self.text + "\n" + _("About: “%(excerpt)s”") % {"excerpt": self.quote}
