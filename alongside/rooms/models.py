"""Conversation: the live room's messages (with a gap-free sequence per room) and threads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.crypto import EncryptedTextField
from alongside.groups.models import Group


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden")


class WithoutSearchVector(models.Manager[Any]):
    """Only search reads `search_vector` (as long as the text): don't fetch it with every row."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().defer("search_vector")


class Room(models.Model):
    """One live room per group. `last_seq` is the truth for sequence numbers: every batch of new
    messages bumps it inside the same transaction that stores them."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="room")
    last_seq = models.BigIntegerField(default=0)
    slow_mode_seconds = models.PositiveIntegerField(default=0)
    locked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"room of {self.group}"


class Message(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="room_messages")
    seq = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(max_length=64)
    text = models.TextField()
    html = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    pinned = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(
        null=True, blank=True
    )  # by its author (actions.edit_room_message)
    removed_at = models.DateTimeField(null=True, blank=True)  # by its author: text blanked
    # PostgreSQL only (GIN-indexed there); see rooms/fulltext.py.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = WithoutSearchVector()

    class Meta:
        ordering = ["group", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["group", "seq"], name="unique_room_seq"),
            models.UniqueConstraint(
                fields=["author", "client_id"], name="unique_message_client_id"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} in {self.group_id}"


class Thread(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pinned", "-last_activity_at"]
        indexes = [models.Index(fields=["group", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title


class ThreadPost(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(max_length=64)
    text = models.TextField()
    html = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(
        null=True, blank=True
    )  # by its author (actions.edit_thread_post)
    removed_at = models.DateTimeField(null=True, blank=True)  # by its author: text blanked
    search_vector = SearchVectorField(null=True, editable=False)  # see rooms/fulltext.py

    objects = WithoutSearchVector()

    class Meta:
        ordering = ["thread", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "client_id"], name="unique_post_client_id"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.thread_id}"


class FirstPost(models.Model):
    """A participant's first post in a group, so an unanswered one reaches a facilitator."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20)  # "room_message" | "thread_post"
    object_id = models.BigIntegerField()
    posted_at = models.DateTimeField(default=timezone.now)
    surfaced_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["posted_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "author"], name="one_first_post_per_group"),
        ]

    def __str__(self) -> str:
        return f"first post of {self.author_id} in {self.group_id}"


class Revision(models.Model):
    """What a message or post said before its author edited or removed it — kept only while
    moderators need it: when a report or hold about it is open, or a crisis alert about it is open
    (actions.edit_room_message & co.). Otherwise an edit or removal leaves no copy behind.
    Encrypted at rest; shown to moderators with the item under review."""

    class Kind(models.TextChoices):
        EDITED = "edited", _("Edited by its author")
        REMOVED = "removed", _("Removed by its author")

    source = models.CharField(max_length=20)  # "room_message" | "thread_post"
    object_id = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["source", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.source}#{self.object_id}"


class RoomRead(models.Model):
    """How far a person has read a group's live room: the room opens at the first message after
    `last_seq`, and the home page counts what is newer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    last_seq = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="one_room_read_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.group_id} to #{self.last_seq}"


class ThreadRead(models.Model):
    """How far a person has read a thread: the newest post (by id) they have been shown."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_post_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_thread_read_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read thread {self.thread_id} to {self.last_post_id}"
