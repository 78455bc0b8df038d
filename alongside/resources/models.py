"""Models of the resources app: a curated library, links members share in a group, group polls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.groups.models import Focus, Group


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Video")
    APP = "app", _("App")
    SERVICE = "service", _("Service")
    BOOK = "book", _("Book")


class ResourceAudience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    YOUTH = "youth", _("Young people (under 18)")
    ADULTS = "adults", _("Adults (18+)")


class LibraryResource(models.Model):
    """A resource curated by admins and moderators, visible on /resources/."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # A list of Focus values; a JSON list keeps SQLite and PostgreSQL alike.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=ResourceAudience.choices,
        default=ResourceAudience.EVERYONE,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Archived resources leave the library (a broken link, an outdated service) but are kept, so
    # staff can bring them back.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def topic_labels(self) -> list[str]:
        labels = dict(Focus.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class SharedResource(models.Model):
    """A link a member suggested for their group. Held suggestions wait for a facilitator."""

    class Status(models.TextChoices):
        LIVE = "live", _("Live")
        HELD = "held", _("Waiting for a facilitator")
        REMOVED = "removed", _("Removed")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="shared_resources")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="shared_resources",
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    why = models.TextField(_("why it helped"), max_length=2000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.LIVE)
    screening_reasons = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Poll(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="polls")
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.CharField(_("question"), max_length=300)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question

    @property
    def is_open(self) -> bool:
        return self.closes_at is None or self.closes_at > timezone.now()


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes"
    )
    voted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.option_id}"
