"""Voice and video for meetings: one Janus VideoRoom per meeting, and one pass per person admitted.

Nothing is recorded: rooms are created with `record=false` and `lock_record=true`, and the
record-and-play plugin is disabled in the server's configuration.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from alongside.meetings.models import Meeting


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def new_room_id() -> int:
    # Janus room ids are numbers; a random 52-bit one (exact in JavaScript) is never guessed, and
    # a guess would still need a token from the room's allowed list.
    return secrets.randbits(52) | (1 << 40)


def new_participant_id() -> int:
    return secrets.randbits(50) | (1 << 30)


class MediaRoom(models.Model):
    """The Janus room of one meeting. `secret` (the room's, for moderation) never leaves the server."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="media_room")
    janus_room = models.BigIntegerField(unique=True, default=new_room_id)
    secret = models.CharField(max_length=64, default=new_secret)
    created_at = models.DateTimeField(default=timezone.now)
    destroyed_at = models.DateTimeField(null=True, blank=True)
    locked = models.BooleanField(default=False)  # nobody new joins (facilitators still can)
    floor_held = models.BooleanField(
        default=False
    )  # only facilitators and the talking piece may unmute
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Media room of {self.meeting}"

    @property
    def is_open(self) -> bool:
        return self.destroyed_at is None


class MediaPass(models.Model):
    """One person's admission to a meeting's media room: the token Janus checks (the room's
    allowed list) and the participant id they join with. Revoked at removal, suspension, a mute
    or when they leave; a revoked token is taken off the allowed list and the participant kicked."""

    room = models.ForeignKey(MediaRoom, on_delete=models.CASCADE, related_name="passes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_secret)
    participant_id = models.BigIntegerField(default=new_participant_id)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    muted_by_facilitator = models.BooleanField(default=False)
    muted_in_janus = models.BooleanField(default=False)  # Janus drops their audio (moderate)
    video_stopped = models.BooleanField(default=False)
    removed = models.BooleanField(default=False)  # taken out of the call by a facilitator

    class Meta:
        indexes = [models.Index(fields=["room", "revoked_at"])]

    def __str__(self) -> str:
        return f"Media pass of {self.user} for {self.room}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
