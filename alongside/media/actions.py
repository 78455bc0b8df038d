"""Every state change of voice and video in meetings. Views, the revocation worker, the periodic job
and the CLI call these. Janus is told after the database commits (a refused or revoked person's
media is cut by kicking them from the Janus room and taking their token off its allowed list)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import events
from alongside.core.audit import record_audit_event
from alongside.groups import access as group_access
from alongside.groups.models import Group
from alongside.media import access
from alongside.media.janus import JanusClient, JanusError, room_create_request
from alongside.media.models import MediaPass, MediaRoom
from alongside.meetings.models import LiveState, Meeting

log = logging.getLogger(__name__)

MEDIA_CONTROL = "media.control"  # user_ids: the people in a call; payload {"meeting"}: look again
AUDIO_MID = "0"  # the call page always publishes its microphone first, its camera second
VIDEO_MIDS = ("1", "2", "3")
# No janus error code means "not there" for kicks and removals of someone already gone.
GONE_CODES = {426, 428}  # no such room, no such participant


class MediaActionError(Exception):
    """A request that cannot be carried out, with a message fit to show the person."""


class MediaUnavailable(MediaActionError):
    """Voice and video are not set up, or the media server does not answer."""


def is_configured() -> bool:
    return bool(settings.JANUS_URL and settings.JANUS_ADMIN_KEY)


def client() -> JanusClient:
    if not is_configured():
        raise MediaUnavailable(
            _("Voice and video need the media server, which is not set up on this site.")
        )
    return JanusClient(settings.JANUS_URL, api_secret=settings.JANUS_API_SECRET)


def _room_request(room: MediaRoom, meeting: Meeting) -> dict[str, Any]:
    return room_create_request(
        room.janus_room,
        secret=room.secret,
        admin_key=settings.JANUS_ADMIN_KEY,
        description=f"alongside-{meeting.pk}",
        publishers=max(16, meeting.series.capacity + 4),
    )


def _create_in_janus(room: MediaRoom, meeting: Meeting) -> None:
    try:
        client().videoroom(_room_request(room, meeting))
    except JanusError as exc:
        if exc.code != 427:  # 427: the room already exists
            raise MediaUnavailable(
                _("The media server did not answer. Please try again in a moment.")
            ) from exc


def ensure_room(meeting: Meeting) -> MediaRoom:
    """The meeting's media room, created in Janus on first use."""
    room = MediaRoom.objects.filter(meeting=meeting).first()
    if room is not None and room.is_open:
        return room
    with transaction.atomic():
        room, created = MediaRoom.objects.select_for_update().get_or_create(meeting=meeting)
        if not room.is_open:  # a meeting re-opened (rescheduled): a fresh room and fresh passes
            room.delete()
            room = MediaRoom.objects.create(meeting=meeting)
            created = True
    if created:
        _create_in_janus(room, meeting)
    return room


def _janus_allow(room: MediaRoom, token: str) -> None:
    c = client()
    try:
        c.videoroom(
            {
                "request": "allowed",
                "room": room.janus_room,
                "secret": room.secret,
                "action": "add",
                "allowed": [token],
            }
        )
    except JanusError as exc:
        if exc.code != 426:
            raise MediaUnavailable(
                _("The media server did not answer. Please try again in a moment.")
            ) from exc
        # Janus restarted and lost the room: create it again with everyone still admitted.
        _create_in_janus(room, room.meeting)
        tokens = list(room.passes.filter(revoked_at__isnull=True).values_list("token", flat=True))
        try:
            c.videoroom(
                {
                    "request": "allowed",
                    "room": room.janus_room,
                    "secret": room.secret,
                    "action": "add",
                    "allowed": sorted(set(tokens) | {token}),
                }
            )
        except JanusError as exc2:
            raise MediaUnavailable(
                _("The media server did not answer. Please try again in a moment.")
            ) from exc2


def _janus_cut(room_id: int, secret: str, token: str, participant_id: int) -> None:
    """Take a token off the allowed list and kick its participant. Best effort: a Janus that does
    not answer has no media to cut; one that lost the room has nobody in it."""
    try:
        c = client()
        c.videoroom(
            {
                "request": "allowed",
                "room": room_id,
                "secret": secret,
                "action": "remove",
                "allowed": [token],
            }
        )
        c.videoroom({"request": "kick", "room": room_id, "secret": secret, "id": participant_id})
    except JanusError as exc:
        if exc.code not in GONE_CODES:
            log.warning(
                "media: could not cut participant %s from room %s: %s", participant_id, room_id, exc
            )


def _moderate(room: MediaRoom, participant_id: int, mids: Iterable[str], mute: bool) -> bool:
    """Have Janus drop (or forward again) these streams of a participant. False when Janus did
    not do it for every one (e.g. they have not joined Janus yet)."""
    c = client()
    done = True
    for mid in mids:
        try:
            c.videoroom(
                {
                    "request": "moderate",
                    "room": room.janus_room,
                    "secret": room.secret,
                    "id": participant_id,
                    "mid": mid,
                    "mute": mute,
                }
            )
        except JanusError as exc:
            done = False
            if exc.code not in GONE_CODES and exc.code != 453:  # 453: no such stream (yet)
                log.warning("media: moderate %s failed: %s", participant_id, exc)
    return done


def enforce_mute(p: MediaPass) -> bool:
    """A person a facilitator muted who joined Janus after the mute (a rejoin, the floor held when
    they came): tell Janus now. Called as their page asks for the call's state."""
    if not p.muted_by_facilitator or p.muted_in_janus or p.revoked_at is not None:
        return p.muted_in_janus
    if _moderate(p.room, p.participant_id, [AUDIO_MID], True):
        MediaPass.objects.filter(pk=p.pk, muted_by_facilitator=True).update(muted_in_janus=True)
        p.muted_in_janus = True
    return p.muted_in_janus


def _tell(room: MediaRoom) -> None:
    """Everyone in the call looks at the call's state again (their page asks /state/)."""
    room.version += 1
    MediaRoom.objects.filter(pk=room.pk).update(version=room.version)
    ids = set(room.passes.filter(revoked_at__isnull=True).values_list("user_id", flat=True))
    events.publish_on_commit(MEDIA_CONTROL, {"meeting": room.meeting_id}, user_ids=sorted(ids))


def issue_pass(meeting: Meeting, user: Any, *, now: datetime | None = None) -> MediaPass:
    """Admit a person to the call: a fresh token on the room's allowed list and a participant id.
    An earlier pass of theirs (another tab) is revoked and its media cut."""
    room_locked = MediaRoom.objects.filter(
        meeting=meeting, destroyed_at__isnull=True, locked=True
    ).exists()
    decision = access.join_decision(user, meeting, now=now, locked=room_locked)
    if not decision:
        raise MediaActionError(decision.reason)
    room = ensure_room(meeting)
    with transaction.atomic():
        old = list(
            MediaPass.objects.select_for_update().filter(
                room=room, user=user, revoked_at__isnull=True
            )
        )
        # A facilitator's mute outlasts leaving and joining again (or a reload).
        last = MediaPass.objects.filter(room=room, user=user).order_by("-issued_at", "-pk").first()
        earlier_muted = last is not None and last.muted_by_facilitator
        for p in old:
            _revoke(p)
        new = MediaPass.objects.create(
            room=room,
            user=user,
            muted_by_facilitator=earlier_muted
            or (room.floor_held and not access.is_call_staff(user, meeting)),
        )
        _tell(room)
    _janus_allow(room, new.token)
    return new


def _revoke(p: MediaPass) -> None:
    if p.revoked_at is not None:
        return
    p.revoked_at = timezone.now()
    p.save(update_fields=["revoked_at", "removed"])
    room = p.room
    room_id, secret, token, pid = room.janus_room, room.secret, p.token, p.participant_id
    transaction.on_commit(lambda: _janus_cut(room_id, secret, token, pid))


def leave(meeting: Meeting, user: Any) -> int:
    """The person left the call: their passes end. Always works, whatever else has changed."""
    with transaction.atomic():
        passes = list(
            MediaPass.objects.select_for_update()
            .select_related("room")
            .filter(room__meeting=meeting, user=user, revoked_at__isnull=True)
        )
        for p in passes:
            _revoke(p)
        if passes:
            _tell(passes[0].room)
    return len(passes)


def current_pass(meeting: Meeting, user: Any) -> MediaPass | None:
    if not user.is_authenticated:
        return None
    return (
        MediaPass.objects.select_related("room")
        .filter(
            room__meeting=meeting,
            room__destroyed_at__isnull=True,
            user=user,
            revoked_at__isnull=True,
        )
        .order_by("-issued_at")
        .first()
    )


def recheck_access(*, group_id: int | None = None, user_ids: Iterable[int] = ()) -> list[MediaPass]:
    """Cut everyone whose access changed and who may no longer be in a call (a removal, a
    suspension or mute, a withdrawn consent, an ended meeting). Returns the passes revoked."""
    passes = MediaPass.objects.select_related(
        "room__meeting__group", "room__meeting__series", "user"
    ).filter(revoked_at__isnull=True, room__destroyed_at__isnull=True)
    ids = list(user_ids)
    if group_id is not None and ids:
        passes = passes.filter(room__meeting__group_id=group_id, user_id__in=ids)
    elif group_id is not None:
        passes = passes.filter(room__meeting__group_id=group_id)
    elif ids:
        passes = passes.filter(user_id__in=ids)

    revoked = []
    for p in passes:
        group_access.forget_membership_cache(p.user)
        if not access.join_decision(p.user, p.room.meeting):
            with transaction.atomic():
                locked = MediaPass.objects.select_for_update().select_related("room").get(pk=p.pk)
                _revoke(locked)
                _tell(locked.room)
            revoked.append(p)
    return revoked


# --- facilitator controls -------------------------------------------------------------------


def _staff_room(meeting: Meeting, by: Any) -> MediaRoom:
    if not access.is_call_staff(by, meeting):
        raise MediaActionError(_("Only a facilitator of this group can do that."))
    room = MediaRoom.objects.filter(meeting=meeting, destroyed_at__isnull=True).first()
    if room is None:
        raise MediaActionError(_("Nobody has joined the call yet."))
    return room


def _target(room: MediaRoom, user_id: int) -> MediaPass:
    p = (
        room.passes.filter(user_id=user_id, revoked_at__isnull=True)
        .select_related("user")
        .order_by("-issued_at")
        .first()
    )
    if p is None:
        raise MediaActionError(_("That person is not in the call."))
    return p


def mute(meeting: Meeting, *, by: Any, user_id: int | None = None) -> int:
    """Mute one person (user_id) or everyone but the facilitators. Janus stops forwarding their
    audio at once; they may unmute themselves unless the facilitator holds the floor."""
    room = _staff_room(meeting, by)
    if user_id is not None:
        targets = [_target(room, user_id)]
    else:
        targets = [
            p
            for p in room.passes.filter(revoked_at__isnull=True).select_related("user")
            if not access.is_call_staff(p.user, meeting)
        ]
    _mute(room, targets, by=by)
    return len(targets)


def _mute(room: MediaRoom, targets: list[MediaPass], by: Any = None) -> None:
    """Mark these people muted (everyone's call panel is told) and have Janus stop forwarding
    their audio. A facilitator's mute (`by`) is audited; keeping the floor is not."""
    with transaction.atomic():
        MediaPass.objects.filter(pk__in=[p.pk for p in targets]).update(muted_by_facilitator=True)
        _tell(room)
        if by is not None:
            meeting = room.meeting
            record_audit_event(
                by, "media.mute", group=meeting.group, meeting=meeting.pk, people=len(targets)
            )
    for p in targets:
        if _moderate(room, p.participant_id, [AUDIO_MID], True):
            MediaPass.objects.filter(pk=p.pk, muted_by_facilitator=True).update(muted_in_janus=True)


def unmute_self(meeting: Meeting, user: Any) -> MediaPass:
    """Someone a facilitator muted turns their microphone back on (not while the floor is held,
    unless they hold the talking piece)."""
    p = current_pass(meeting, user)
    if p is None:
        raise MediaActionError(_("You are not in the call."))
    room = p.room
    if room.floor_held and not access.is_call_staff(user, meeting):
        live = LiveState.objects.filter(meeting=meeting).first()
        if live is None or live.current_speaker_id != user.pk:
            raise MediaActionError(
                _(
                    "The facilitator is holding the floor: you can speak when you hold the talking piece."
                )
            )
    with transaction.atomic():
        MediaPass.objects.filter(pk=p.pk).update(muted_by_facilitator=False, muted_in_janus=False)
        _tell(room)
    _moderate(room, p.participant_id, [AUDIO_MID], False)
    p.muted_by_facilitator = False
    return p


def stop_video(meeting: Meeting, *, by: Any, user_id: int) -> None:
    """Stop someone's camera being shown. Only they can turn it on again."""
    room = _staff_room(meeting, by)
    p = _target(room, user_id)
    with transaction.atomic():
        MediaPass.objects.filter(pk=p.pk).update(video_stopped=True)
        _tell(room)
        record_audit_event(
            by, "media.stop_video", subject_user=p.user, group=meeting.group, meeting=meeting.pk
        )
    _moderate(room, p.participant_id, VIDEO_MIDS, True)


def start_own_video(meeting: Meeting, user: Any) -> None:
    """The owner turns their camera on (after a facilitator stopped it)."""
    p = current_pass(meeting, user)
    if p is None:
        raise MediaActionError(_("You are not in the call."))
    if p.video_stopped:
        with transaction.atomic():
            MediaPass.objects.filter(pk=p.pk).update(video_stopped=False)
            _tell(p.room)
        _moderate(p.room, p.participant_id, VIDEO_MIDS, False)


def remove_from_call(meeting: Meeting, *, by: Any, user_id: int) -> None:
    """Take someone out of this call (they stay a member; they may join again unless the call is
    locked)."""
    room = _staff_room(meeting, by)
    if int(user_id) == by.pk:
        raise MediaActionError(_("Use Leave to leave the call yourself."))
    with transaction.atomic():
        passes = list(
            MediaPass.objects.select_for_update()
            .select_related("room", "user")
            .filter(room=room, user_id=user_id, revoked_at__isnull=True)
        )
        if not passes:
            raise MediaActionError(_("That person is not in the call."))
        for p in passes:
            p.removed = True
            _revoke(p)
        _tell(room)
        record_audit_event(
            by, "media.remove", subject_user=passes[0].user, group=meeting.group, meeting=meeting.pk
        )


def set_locked(meeting: Meeting, *, by: Any, locked: bool) -> MediaRoom:
    room = _staff_room(meeting, by)
    with transaction.atomic():
        room.locked = locked
        room.save(update_fields=["locked"])
        _tell(room)
        record_audit_event(
            by, "media.lock" if locked else "media.unlock", group=meeting.group, meeting=meeting.pk
        )
    return room


def set_floor(meeting: Meeting, *, by: Any, held: bool) -> MediaRoom:
    """Hold the floor: only facilitators and the person holding the talking piece may unmute;
    anyone else speaking is muted now."""
    room = _staff_room(meeting, by)
    with transaction.atomic():
        room.floor_held = held
        room.save(update_fields=["floor_held"])
        _tell(room)
    if held:
        live = LiveState.objects.filter(meeting=meeting).first()
        keep_the_floor(meeting, live.current_speaker_id if live else None)
    return room


def keep_the_floor(meeting: Meeting, speaker_id: int | None) -> int:
    """While the floor is held, whoever does not hold the talking piece is muted: when the piece
    moves on, the person who just spoke is muted again (they may speak at their next turn)."""
    room = MediaRoom.objects.filter(
        meeting=meeting, destroyed_at__isnull=True, floor_held=True
    ).first()
    if room is None:
        return 0
    passes = room.passes.filter(revoked_at__isnull=True, muted_by_facilitator=False)
    if speaker_id is not None:
        passes = passes.exclude(user_id=speaker_id)
    targets = [
        p for p in passes.select_related("user") if not access.is_call_staff(p.user, meeting)
    ]
    if targets:
        _mute(room, targets)
    return len(targets)


def talking_piece_moved(
    sender: Any, meeting: Meeting, speaker_id: int | None, **kwargs: Any
) -> None:
    """meetings' `live_state_changed`: keep the floor once the change commits."""
    transaction.on_commit(lambda: keep_the_floor(meeting, speaker_id))


# --- ending -----------------------------------------------------------------------------------


def close_room(room: MediaRoom) -> None:
    """Destroy the Janus room: everyone in it is disconnected; every pass ends."""
    with transaction.atomic():
        locked = MediaRoom.objects.select_for_update().get(pk=room.pk)
        if locked.destroyed_at is not None:
            return
        now = timezone.now()
        locked.destroyed_at = now
        locked.save(update_fields=["destroyed_at"])
        ids = list(locked.passes.filter(revoked_at__isnull=True).values_list("user_id", flat=True))
        locked.passes.filter(revoked_at__isnull=True).update(revoked_at=now)
        events.publish_on_commit(MEDIA_CONTROL, {"meeting": locked.meeting_id}, user_ids=ids)
    if not is_configured():
        return  # no media server (any more): nothing to destroy there
    try:
        client().videoroom({"request": "destroy", "room": room.janus_room, "secret": room.secret})
    except JanusError as exc:
        if exc.code not in GONE_CODES:
            log.warning("media: could not destroy room %s: %s", room.janus_room, exc)


def close_finished_rooms(now: datetime | None = None) -> int:
    """The periodic job: destroy the rooms of meetings that have ended or been cancelled."""
    now = now or timezone.now()
    closed = 0
    for room in MediaRoom.objects.filter(destroyed_at__isnull=True).select_related(
        "meeting", "meeting__series"
    ):
        if not access.window_decision(room.meeting, now):
            close_room(room)
            closed += 1
    return closed


def rooms_of_group(group: Group) -> list[MediaRoom]:
    return list(MediaRoom.objects.filter(meeting__group=group, destroyed_at__isnull=True))
