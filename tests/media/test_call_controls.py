"""Facilitator controls and sanctions, against a real Janus: a locked call admits nobody new; a
mute by a moderator or a suspension cuts the person out of the call; while the facilitator holds
the floor only the holder of the talking piece may unmute; controls are in the audit log."""

from __future__ import annotations

import time
from typing import Any

import pytest

from alongside.core.models import AuditEntry
from alongside.media import actions
from alongside.media.janus import JanusClient
from alongside.media.models import MediaPass, MediaRoom
from alongside.meetings import actions as meeting_actions
from alongside.safety.actions import apply_sanction
from tests.conftest import client_for, join
from tests.media.conftest import janus_marks, online_meeting, with_place

pytestmark = [*janus_marks, pytest.mark.django_db(transaction=True)]


def _cut(user: Any, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not MediaPass.objects.filter(user=user, revoked_at__isnull=True).exists():
            return True
        time.sleep(0.05)
    return False


def _allowed(room: MediaRoom, janus: Any, without: str = "") -> list[str]:
    """The room's allowed list (waiting up to 5 s for `without` to leave it: Janus is told right
    after the revocation commits)."""
    deadline = time.monotonic() + 5
    while without and time.monotonic() < deadline and without in _allowed(room, janus):
        time.sleep(0.05)
    return list(
        JanusClient(janus.url).videoroom(
            {
                "request": "allowed",
                "room": room.janus_room,
                "secret": room.secret,
                "action": "add",
                "allowed": [],
            }
        )["allowed"]
    )


def test_a_locked_call_admits_nobody_new_but_its_facilitators(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    assert client_for(fay).post(f"/call/{meeting.pk}/join/").status_code == 200
    assert client_for(fay).post(f"/call/{meeting.pk}/control/lock/").status_code == 200
    refused = client_for(alice).post(f"/call/{meeting.pk}/join/")
    assert refused.status_code == 403 and "locked" in refused.json()["error"]
    assert client_for(fay).post(f"/call/{meeting.pk}/join/").status_code == 200
    assert client_for(fay).post(f"/call/{meeting.pk}/control/unlock/").status_code == 200
    assert client_for(alice).post(f"/call/{meeting.pk}/join/").status_code == 200
    assert AuditEntry.objects.filter(action="media.lock", actor=fay).exists()


def test_a_moderators_mute_cuts_the_member_out_of_the_call(
    janus: Any, group: Any, fay: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    token = client_for(alice).post(f"/call/{meeting.pk}/join/").json()["token"]
    apply_sanction(mo, alice, group, "mute", "test", mute_minutes=30)
    assert _cut(alice)
    assert token not in _allowed(MediaRoom.objects.get(meeting=meeting), janus, without=token)
    refused = client_for(alice).post(f"/call/{meeting.pk}/join/")
    assert refused.status_code == 403


def test_a_suspension_cuts_the_member_out_of_the_call(
    janus: Any, group: Any, fay: Any, alice: Any, mo: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    client_for(alice).post(f"/call/{meeting.pk}/join/")
    apply_sanction(mo, alice, None, "suspend", "test")
    assert _cut(alice)


def test_while_the_floor_is_held_only_the_talking_piece_unmutes(
    janus: Any, group: Any, fay: Any, alice: Any, bob: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice, bob)
    for person in (fay, alice, bob):
        assert client_for(person).post(f"/call/{meeting.pk}/join/").status_code == 200
    facilitator = client_for(fay)
    assert facilitator.post(f"/call/{meeting.pk}/control/mute-all/").status_code == 200
    assert facilitator.post(f"/call/{meeting.pk}/control/hold-floor/").status_code == 200
    assert set(
        MediaPass.objects.filter(muted_by_facilitator=True, revoked_at__isnull=True).values_list(
            "user_id", flat=True
        )
    ) == {alice.pk, bob.pk}
    meeting_actions.advance_step(meeting, by=fay)
    meeting_actions.start_round(meeting, by=fay)  # alice, then bob, in RSVP order
    speaker = meeting_actions.LiveState.objects.get(meeting=meeting).current_speaker_id
    other = bob if speaker == alice.pk else alice
    refused = client_for(other).post(f"/call/{meeting.pk}/unmute/")
    assert refused.status_code == 403 and "holding the floor" in refused.json()["error"]
    holder = alice if speaker == alice.pk else bob
    assert client_for(holder).post(f"/call/{meeting.pk}/unmute/").status_code == 200
    # The talking piece moves on: the one who just spoke is muted again, the next one may speak.
    meeting_actions.end_turn(meeting, by=holder)
    assert MediaPass.objects.get(user=holder, revoked_at__isnull=True).muted_by_facilitator
    assert client_for(holder).post(f"/call/{meeting.pk}/unmute/").status_code == 403
    assert client_for(other).post(f"/call/{meeting.pk}/unmute/").status_code == 200
    (holder, other) = (other, holder)
    # Releasing the floor lets the others unmute themselves too.
    facilitator.post(f"/call/{meeting.pk}/control/release-floor/")
    assert client_for(other).post(f"/call/{meeting.pk}/unmute/").status_code == 200
    state = client_for(other).get(f"/call/{meeting.pk}/state/").json()
    assert state["me"]["muted_by_facilitator"] is False
    assert {p["handle"] for p in state["people"]} == {"fay", "alice", "bob"}
    assert AuditEntry.objects.filter(action="media.mute", actor=fay).exists()


def test_removing_someone_from_the_call_and_stopping_video(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    client_for(fay).post(f"/call/{meeting.pk}/join/")
    token = client_for(alice).post(f"/call/{meeting.pk}/join/").json()["token"]
    facilitator = client_for(fay)
    assert (
        facilitator.post(
            f"/call/{meeting.pk}/control/stop-video/", {"user_id": alice.pk}
        ).status_code
        == 200
    )
    assert client_for(alice).get(f"/call/{meeting.pk}/state/").json()["me"]["video_stopped"] is True
    assert (
        client_for(alice).post(f"/call/{meeting.pk}/video-on/").status_code == 200
    )  # only she turns it on
    assert (
        facilitator.post(f"/call/{meeting.pk}/control/remove/", {"user_id": alice.pk}).status_code
        == 200
    )
    state = client_for(alice).get(f"/call/{meeting.pk}/state/")
    assert state.status_code == 403 and state.json()["removed"] is True
    assert token not in _allowed(MediaRoom.objects.get(meeting=meeting), janus, without=token)
    bad = facilitator.post(f"/call/{meeting.pk}/control/remove/", {"user_id": "x"})
    assert bad.status_code == 400 and bad.json()["error"] == "Choose a person."


def test_ended_meetings_close_their_rooms(janus: Any, group: Any, fay: Any, alice: Any) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    client_for(alice).post(f"/call/{meeting.pk}/join/")
    room = MediaRoom.objects.get(meeting=meeting)
    meeting_actions.advance_step(meeting, by=fay)
    meeting_actions.end_meeting(meeting, by=fay)
    assert actions.close_finished_rooms() == 1
    room.refresh_from_db()
    assert room.destroyed_at is not None
    assert not MediaPass.objects.filter(revoked_at__isnull=True).exists()
    assert (
        JanusClient(janus.url).videoroom({"request": "exists", "room": room.janus_room})["exists"]
        is False
    )
