"""The notification centre: one row per thing a person is told about inside Alongside (a reply,
a mention, a meeting reminder, a moderation notice, a private message from staff).

The text is written by Alongside in the recipient's language when it is created and never quotes
what anyone wrote (handles and the group's name only): a held message or a method detail can never
reach another person through it. What it points to (`target`, `target_id`, `group`) is checked
again when it is listed or opened (notifications.access)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REPLY = "reply", _("Replies to my posts")
    MENTION = "mention", _("Mentions of my handle")
    MEETING = "meeting", _("Meeting reminders and changes")
    MODERATION = "moderation", _("Moderation and safety notices")
    OUTREACH = "outreach", _("Private messages from staff")


# How each kind is named in the list (the choices above name them in the e-mail settings).
SHORT_LABELS = {
    Kind.REPLY: pgettext_lazy("notification kind", "Reply"),
    Kind.MENTION: pgettext_lazy("notification kind", "Mention"),
    Kind.MEETING: pgettext_lazy("notification kind", "Meeting"),
    Kind.MODERATION: pgettext_lazy("notification kind", "Moderation"),
    Kind.OUTREACH: pgettext_lazy("notification kind", "Private message"),
}

# Kinds that go by e-mail too unless the person says otherwise: the ones that did before the
# notification centre existed (replies and mentions would be a lot of mail).
DEFAULT_EMAIL_KINDS = (Kind.MEETING, Kind.MODERATION, Kind.OUTREACH)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    # The group it is about, if any: only its members and staff may open it.
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What it is about, for the owning app's check at opening time ("thread_post", "room_message",
    # "meeting", "conversation"; "" for nothing beyond the group).
    target = models.CharField(max_length=20, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    # Who caused it (a reply's or mention's author), so their erasure takes their handle out of
    # other people's notifications too.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} notification for {self.user}"

    @property
    def kind_label(self) -> str:
        return str(SHORT_LABELS.get(Kind(self.kind), self.kind))


class EmailPreference(models.Model):
    """Which kinds of notification also go to this person by e-mail (no row: the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"e-mail preferences of {self.user}"
