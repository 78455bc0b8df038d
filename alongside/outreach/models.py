"""Private outreach: a facilitator or moderator reaches a member privately inside Alongside (from
a crisis alert, a held message or a report), and the member can answer.

One conversation per member and group (group None: site-wide, e.g. a questionnaire alert), kept
for later alerts too. Only the member and the staff who may act on their safety in that group
(its facilitators, moderators, admins) can read it; staff reads are audited (outreach.actions)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.crypto import EncryptedTextField


class Conversation(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The alert (or queue item) it was last opened from, for staff to find their way back.
    alert = models.ForeignKey(
        "safety.CrisisAlert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(
        "safety.QueueItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["member", "group"])]

    def __str__(self) -> str:
        return f"outreach to {self.member} ({self.group or 'site-wide'})"

    def get_absolute_url(self) -> str:
        return reverse("outreach:conversation", args=[self.pk])


class Role(models.TextChoices):
    """How the author is shown to the member, as it was when they wrote."""

    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")
    MODERATOR = "moderator", _("Moderator")
    ADMIN = "admin", _("Administrator")


class OutreachMessage(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    text = EncryptedTextField()
    # What the safety screen found in a member's message (shown to staff in plain words).
    reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"message {self.pk} in conversation {self.conversation_id}"

    @property
    def from_staff(self) -> bool:
        return self.role != Role.MEMBER
