"""Who gets into a meeting's call, checked against a real Janus: a pass for members with a place
during the window; nothing for outsiders; a guessed room id or another meeting's token opens
nothing; recording cannot be turned on; a removal cuts the person from the Janus room."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from alongside.groups import actions as group_actions
from alongside.media.janus import JanusClient, JanusError
from alongside.media.models import MediaPass, MediaRoom
from tests.conftest import client_for, join, make_user
from tests.media.conftest import janus_marks, online_meeting, with_place

pytestmark = [*janus_marks, pytest.mark.django_db(transaction=True)]


def _join(client: Any, meeting: Any) -> Any:
    return client.post(f"/call/{meeting.pk}/join/")


def test_a_member_with_a_place_gets_a_pass_that_janus_accepts(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    response = _join(client_for(alice), meeting)
    assert response.status_code == 200, response.content
    body = response.json()
    room = MediaRoom.objects.get(meeting=meeting)
    assert body["room"] == room.janus_room and body["display"] == "alice"
    assert "secret" not in json.dumps(body) and room.secret not in json.dumps(body)
    # The token is on the Janus room's allowed list; the room is private, with recording locked.
    allowed = JanusClient(janus.url).videoroom(
        {
            "request": "allowed",
            "room": room.janus_room,
            "secret": room.secret,
            "action": "add",
            "allowed": [],
        }
    )
    assert body["token"] in allowed["allowed"]


def test_outsiders_get_no_pass_and_no_room(janus: Any, group: Any, fay: Any, bob: Any) -> None:
    meeting = online_meeting(group, fay)
    response = _join(client_for(bob), meeting)
    assert response.status_code == 404
    assert not MediaPass.objects.exists()


def test_a_member_without_a_place_is_told_to_say_they_are_coming(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    meeting = online_meeting(group, fay)
    response = _join(client_for(alice), meeting)
    assert response.status_code == 403
    assert "Say you're coming" in response.json()["error"]


def test_the_call_is_closed_outside_the_window(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay, minutes_from_now=60), alice)
    response = _join(client_for(alice), meeting)
    assert response.status_code == 403
    assert "10 minutes before" in response.json()["error"]


def test_youth_and_adults_never_share_a_call(
    janus: Any, youth_group: Any, fay: Any, alice: Any
) -> None:
    meeting = online_meeting(youth_group, fay)
    # An adult is not a member of the youth group, so there is no way in.
    assert _join(client_for(alice), meeting).status_code == 404


def test_a_guessed_room_and_another_meetings_token_open_nothing(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    first = with_place(online_meeting(group, fay), alice)
    second = with_place(online_meeting(group, fay, minutes_from_now=6), alice)
    token_one = _join(client_for(alice), first).json()["token"]
    room_two = _join(client_for(alice), second).json()["room"]
    api = JanusClient(janus.url)
    session = api._post("", {"janus": "create"})["data"]["id"]
    handle = api._post(f"/{session}", {"janus": "attach", "plugin": "janus.plugin.videoroom"})[
        "data"
    ]["id"]

    def join_as_publisher(room: int, token: str | None) -> dict[str, Any]:
        body = {"request": "join", "ptype": "publisher", "room": room, "display": "guess"}
        if token:
            body["token"] = token
        api._post(f"/{session}/{handle}", {"janus": "message", "body": body})
        # The answer comes as an event on the session's long poll.
        for _ in range(20):
            req = __import__("urllib.request").request.urlopen(
                f"{janus.url}/{session}?maxev=1", timeout=5
            )
            event = json.loads(req.read())
            data = (event.get("plugindata") or {}).get("data") or {}
            if data:
                return data
            time.sleep(0.1)
        raise AssertionError("no answer from Janus")

    assert join_as_publisher(room_two, None)["error_code"] == 433  # unauthorized: not on the list
    assert join_as_publisher(room_two, token_one)["error_code"] == 433
    assert join_as_publisher(room_two + 1, token_one)["error_code"] == 426  # no such room


def test_nobody_can_start_a_recording(janus: Any, group: Any, fay: Any, alice: Any) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    body = _join(client_for(alice), meeting).json()
    api = JanusClient(janus.url)
    with pytest.raises(JanusError) as refused:
        api.videoroom({"request": "enable_recording", "room": body["room"], "record": True})
    assert (
        refused.value.code == 429
    )  # the room's secret is required (lock_record), and only Alongside has it
    with pytest.raises(JanusError):
        api.videoroom(
            {
                "request": "edit",
                "room": body["room"],
                "new_rec_dir": "/tmp",
                "secret": body["token"],
            }
        )
    # The record-and-play plugin is not loaded at all.
    with pytest.raises(JanusError) as missing:
        api.attach_plugin("janus.plugin.recordplay")
    assert missing.value.code == 460
    # And Alongside has no recording endpoint.
    assert client_for(fay).post(f"/call/{meeting.pk}/control/record/").status_code == 404


def test_removal_from_the_group_revokes_the_pass_and_its_token(
    janus: Any, group: Any, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    body = _join(client_for(alice), meeting).json()
    room = MediaRoom.objects.get(meeting=meeting)
    group_actions.remove_member(fay, group, alice.pk, reason="test")
    deadline = time.monotonic() + 5
    while (
        time.monotonic() < deadline and MediaPass.objects.filter(revoked_at__isnull=True).exists()
    ):
        time.sleep(0.05)
    assert not MediaPass.objects.filter(revoked_at__isnull=True).exists()
    # Janus is told right after the revocation commits.
    while (
        time.monotonic() < deadline
        and body["token"]
        in JanusClient(janus.url).videoroom(
            {
                "request": "allowed",
                "room": room.janus_room,
                "secret": room.secret,
                "action": "add",
                "allowed": [],
            }
        )["allowed"]
    ):
        time.sleep(0.05)
    allowed = JanusClient(janus.url).videoroom(
        {
            "request": "allowed",
            "room": room.janus_room,
            "secret": room.secret,
            "action": "add",
            "allowed": [],
        }
    )
    assert body["token"] not in allowed["allowed"]
    assert client_for(alice).get(f"/call/{meeting.pk}/state/").status_code in (403, 404)
    assert _join(client_for(alice), meeting).status_code in (403, 404)


def test_janus_down_is_a_clear_error(settings: Any, group: Any, fay: Any, alice: Any) -> None:
    settings.JANUS_URL = "http://127.0.0.1:9/janus"
    settings.JANUS_ADMIN_KEY = "k"
    join(alice, group, share=True)
    meeting = with_place(online_meeting(group, fay), alice)
    response = _join(client_for(alice), meeting)
    assert response.status_code == 503
    assert "media server" in response.json()["error"]
    assert make_user("zed")  # nothing else broke
