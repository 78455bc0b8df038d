"""Every meetings view, for every kind of visitor: who may see and do what.

A meta-test makes sure a new meetings view cannot be added without a row here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.meetings import actions
from tests.access import view_names
from tests.conftest import client_for, join
from tests.meetings.conftest import meeting_at, soon

# url name -> (method, who may use it). Who: "anyone_with_secret", "signed_in", "member", "manager".
VIEWS: dict[str, tuple[str, str]] = {
    "mine": ("get", "signed_in"),
    "calendar": ("get", "signed_in"),
    "calendar_reset": ("post", "signed_in"),
    "feed": ("get", "anyone_with_secret"),
    "group": ("get", "member"),
    "create": ("get", "manager"),
    "agenda": ("get", "manager"),
    "detail": ("get", "member"),
    "ics": ("get", "member"),
    "rsvp": ("post", "member"),
    "cancel_rsvp": ("post", "member"),
    "check_in": ("post", "member"),
    "edit": ("get", "manager"),
    "cancel": ("get", "manager"),
    "reschedule": ("get", "manager"),
    "live": ("get", "member"),
    "live_panel": ("get", "member"),
    "live_action": ("post", "member"),
}


def url_for(name: str, cast: dict[str, Any]) -> str:
    if name in ("mine", "calendar", "calendar_reset"):
        return reverse(f"meetings:{name}")
    if name == "feed":
        return reverse("meetings:feed", args=[actions.calendar_feed(cast["member"]).token])
    if name in ("group", "create", "agenda"):
        return reverse(f"meetings:{name}", args=[cast["group"].slug])
    if name == "live_action":
        return reverse("meetings:live_action", args=[cast["meeting"].pk, "next"])
    return reverse(f"meetings:{name}", args=[cast["meeting"].pk])


def test_every_meetings_view_has_an_access_rule() -> None:
    names = view_names("meetings")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def cast(group: Any, fay: Any, alice: Any, bob: Any) -> dict[str, Any]:
    join(alice, group, share=True)
    meeting = meeting_at(group, fay, soon(60 * 24))
    return {"group": group, "member": alice, "outsider": bob, "manager": fay, "meeting": meeting}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_reach_only_the_secret_feed(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast))
    if who == "anyone_with_secret":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


BY_MEETING_ID = {
    n
    for n in VIEWS
    if n not in ("mine", "calendar", "calendar_reset", "feed", "group", "create", "agenda")
}


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, who) in VIEWS.items() if who in ("member", "manager"))
)
def test_signed_in_outsiders_are_refused_member_and_manager_pages(
    cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["outsider"]), method)(url_for(name, cast))
    # A meeting id outsiders may not see is "not found", like one that does not exist.
    assert response.status_code == (404 if name in BY_MEETING_ID else 403)


@pytest.mark.parametrize("name", sorted(BY_MEETING_ID))
def test_outsiders_cannot_tell_a_meeting_that_exists_from_one_that_does_not(
    cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    outsider = client_for(cast["outsider"])
    existing = getattr(outsider, method)(url_for(name, cast))
    missing = getattr(outsider, method)(
        url_for(name, cast).replace(f"/{cast['meeting'].pk}/", "/987654/")
    )
    assert existing.status_code == missing.status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "manager"))
def test_members_are_refused_manager_pages(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["member"]), method)(url_for(name, cast))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", sorted(n for n, (m, who) in VIEWS.items() if m == "get" and who != "anyone_with_secret")
)
def test_the_right_people_get_each_page(cast: dict[str, Any], name: str) -> None:
    _method, who = VIEWS[name]
    user = cast["manager"] if who == "manager" else cast["member"]
    assert client_for(user).get(url_for(name, cast)).status_code == 200


def test_a_member_cannot_run_the_meeting(cast: dict[str, Any]) -> None:
    meeting = meeting_at(cast["group"], cast["manager"], soon(5))
    response = client_for(cast["member"]).post(
        reverse("meetings:live_action", args=[meeting.pk, "next"]), follow=True
    )
    assert "Only a facilitator can run the meeting" in response.content.decode()


def test_a_member_cannot_check_someone_else_in(cast: dict[str, Any]) -> None:
    meeting = meeting_at(cast["group"], cast["manager"], soon(5))
    response = client_for(cast["member"]).post(
        reverse("meetings:check_in", args=[meeting.pk]), {"user_id": cast["manager"].pk}
    )
    assert response.status_code == 403
