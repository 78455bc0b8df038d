"""Every call view, for every kind of visitor (no media server needed: each refusal comes before
Alongside talks to Janus). A meta-test makes sure a new call view cannot be added without a row."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.access import view_names
from tests.conftest import client_for, join
from tests.media.conftest import online_meeting, with_place

# url name -> (method, who may use it): "in_call" (holds a pass), "member_with_place", "manager".
VIEWS: dict[str, tuple[str, str]] = {
    "join": ("post", "member_with_place"),
    "leave": ("post", "in_call"),
    "state": ("get", "in_call"),
    "unmute": ("post", "in_call"),
    "video_on": ("post", "in_call"),
    "control": ("post", "manager"),
}


def url_for(name: str, meeting: Any) -> str:
    if name == "control":
        return reverse("media:control", args=[meeting.pk, "mute-all"])
    return reverse(f"media:{name}", args=[meeting.pk])


def test_every_call_view_has_an_access_rule() -> None:
    names = view_names("media")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def cast(group: Any, fay: Any, alice: Any, bob: Any) -> dict[str, Any]:
    join(alice, group, share=True)
    return {
        "group": group,
        "member": alice,
        "outsider": bob,
        "manager": fay,
        "meeting": online_meeting(group, fay),
    }


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast["meeting"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_outsiders_cannot_tell_a_meeting_that_exists_from_one_that_does_not(
    cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    outsider = client_for(cast["outsider"])
    url = url_for(name, cast["meeting"])
    assert getattr(outsider, method)(url).status_code == 404
    assert (
        getattr(outsider, method)(url.replace(f"/{cast['meeting'].pk}/", "/987654/")).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["state", "unmute", "video_on"])
def test_members_not_in_the_call_are_refused(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    assert (
        getattr(client_for(cast["member"]), method)(url_for(name, cast["meeting"])).status_code
        == 403
    )


def test_a_member_without_a_place_gets_no_pass(cast: dict[str, Any]) -> None:
    response = client_for(cast["member"]).post(url_for("join", cast["meeting"]))
    assert response.status_code == 403 and "Say you're coming" in response.json()["error"]


def test_a_member_with_a_place_reaches_the_media_server_step(
    cast: dict[str, Any], settings: Any
) -> None:
    settings.JANUS_URL = ""  # not set up: the refusal says so
    with_place(cast["meeting"], cast["member"])
    response = client_for(cast["member"]).post(url_for("join", cast["meeting"]))
    assert response.status_code == 503 and "media server" in response.json()["error"]


@pytest.mark.parametrize(
    "action",
    ["mute-all", "lock", "unlock", "hold-floor", "release-floor", "mute", "remove", "stop-video"],
)
def test_members_cannot_use_facilitator_controls(cast: dict[str, Any], action: str) -> None:
    url = reverse("media:control", args=[cast["meeting"].pk, action])
    response = client_for(cast["member"]).post(url, {"user_id": cast["manager"].pk})
    assert response.status_code == 403


def test_a_facilitator_is_told_when_nobody_is_in_the_call(cast: dict[str, Any]) -> None:
    response = client_for(cast["manager"]).post(url_for("control", cast["meeting"]))
    assert response.status_code == 400 and "Nobody has joined" in response.json()["error"]


def test_gets_are_refused_on_post_views(cast: dict[str, Any]) -> None:
    for name, (method, _who) in VIEWS.items():
        if method == "post":
            assert (
                client_for(cast["manager"]).get(url_for(name, cast["meeting"])).status_code == 405
            )


def test_leaving_works_for_a_member_with_nothing_to_leave(cast: dict[str, Any]) -> None:
    response = client_for(cast["member"]).post(url_for("leave", cast["meeting"]))
    assert response.status_code == 200 and response.json() == {"left": 0}


def test_without_the_media_server_the_live_page_says_how_to_add_it(
    cast: dict[str, Any], settings: Any
) -> None:
    settings.JANUS_URL = ""
    with_place(cast["meeting"], cast["member"])
    page = (
        client_for(cast["member"])
        .get(reverse("meetings:live", args=[cast["meeting"].pk]))
        .content.decode()
    )
    assert "Voice and video need the media server" in page
    assert "Nothing in this call is recorded" in page
    assert "Join the call" not in page


def test_the_room_page_shows_the_call_beside_the_text_room(
    cast: dict[str, Any], settings: Any
) -> None:
    settings.JANUS_URL = "http://127.0.0.1:9/janus"
    settings.JANUS_ADMIN_KEY = "k"
    with_place(cast["meeting"], cast["member"])
    page = (
        client_for(cast["member"])
        .get(reverse("rooms:room", args=[cast["group"].slug]))
        .content.decode()
    )
    assert "Join the call" in page and 'id="room"' in page
