"""Every outcomes view, for every kind of visitor. A meta-test makes sure a new outcomes view
cannot be added without a row here."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.outcomes import actions
from tests.access import view_names
from tests.conftest import client_for, join, make_user
from tests.outcomes.helpers import phq9

# url name -> (method, who may use it). Who: "signed_in", "owner", "manager", "admin".
VIEWS: dict[str, tuple[str, str]] = {
    "index": ("get", "signed_in"),
    "progress": ("get", "signed_in"),
    "export_mine": ("get", "signed_in"),
    "reminders": ("post", "signed_in"),
    "answer": ("get", "signed_in"),
    "research_consent": ("get", "signed_in"),
    "result": ("get", "owner"),
    "skip": ("post", "owner"),
    "snooze": ("post", "owner"),
    "dismiss_offer": ("post", "owner"),
    "group_effectiveness": ("get", "manager"),
    "organisation": ("get", "admin"),
    "research_report": ("get", "admin"),
    "research_export": ("get", "admin"),
}


@pytest.fixture
def cast(group: Any, fay: Any, alice: Any, bob: Any, ada: Any) -> dict[str, Any]:
    join(alice, group)
    response = actions.submit_response(alice, "phq9", phq9(11))
    from alongside.outcomes.models import CheckIn

    checkin = CheckIn.objects.filter(user=alice, instrument="gad7").first()
    assert checkin is not None
    from alongside.outcomes.models import OtherGroupsOffer

    offer = OtherGroupsOffer.objects.create(user=alice, group=group)
    return {
        "group": group,
        "owner": alice,
        "outsider": bob,
        "manager": fay,
        "admin": ada,
        "response": response,
        "checkin": checkin,
        "offer": offer,
    }


def url_for(name: str, cast: dict[str, Any]) -> str:
    if name == "answer":
        return reverse("outcomes:answer", args=["phq9"])
    if name == "result":
        return reverse("outcomes:result", args=[cast["response"].pk])
    if name in ("skip", "snooze"):
        return reverse(f"outcomes:{name}", args=[cast["checkin"].pk])
    if name == "dismiss_offer":
        return reverse("outcomes:dismiss_offer", args=[cast["offer"].pk])
    if name == "group_effectiveness":
        return reverse("outcomes:group_effectiveness", args=[cast["group"].slug])
    return reverse(f"outcomes:{name}")


def test_every_outcomes_view_has_an_access_rule() -> None:
    names = view_names("outcomes")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(n for n, (_m, who) in VIEWS.items() if who != "signed_in"))
def test_other_members_are_refused(cast: dict[str, Any], name: str) -> None:
    method, who = VIEWS[name]
    response = getattr(client_for(cast["outsider"]), method)(url_for(name, cast))
    # Someone else's response or check-in does not exist for you; staff pages are forbidden.
    assert response.status_code == (404 if who == "owner" else 403)


@pytest.mark.parametrize(
    "name", sorted(n for n, (_m, who) in VIEWS.items() if who in ("manager", "admin"))
)
def test_members_are_refused_staff_pages(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    assert getattr(client_for(cast["owner"]), method)(url_for(name, cast)).status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, (_m, who) in VIEWS.items() if who == "admin"))
def test_facilitators_and_moderators_are_refused_admin_pages(
    cast: dict[str, Any], name: str
) -> None:
    mod = make_user("modzz", is_moderator=True)
    assert client_for(cast["manager"]).get(url_for(name, cast)).status_code == 403
    assert client_for(mod).get(url_for(name, cast)).status_code == 403


@pytest.mark.parametrize("name", sorted(n for n, (m, _w) in VIEWS.items() if m == "get"))
def test_the_right_person_reaches_each_page(cast: dict[str, Any], name: str) -> None:
    _method, who = VIEWS[name]
    person = cast["owner"] if who in ("signed_in", "owner") else cast[who]
    response = client_for(person).get(url_for(name, cast))
    assert response.status_code == (302 if name == "index" else 200)


def test_staff_never_see_a_members_answers_on_any_page(cast: dict[str, Any]) -> None:
    for who in ("manager", "admin"):
        client = client_for(cast[who])
        for name in ("group_effectiveness", "organisation", "research_report"):
            if who == "manager" and name != "group_effectiveness":
                continue
            page = client.get(url_for(name, cast)).content.decode()
            assert "alice" not in page
