"""Every safety view, for every kind of visitor. Members never see the queue; facilitators
see only their groups; moderators see all. A new safety view cannot be added without a row here."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.groups import actions as group_actions
from alongside.safety import actions
from alongside.safety.models import QueueItem, Sanction
from tests.access import view_names
from tests.conftest import client_for, join, make_user

# url name -> (method, who). Who: "staff" (facilitator of the item's group or moderator),
# "dashboard" (any facilitator or moderator), "site_staff" (moderators and admins only),
# "signed_in", "owner" (the member concerned).
VIEWS: dict[str, tuple[str, str]] = {
    "dashboard": ("get", "dashboard"),
    "alerts_live": ("get", "dashboard"),
    "alert": ("get", "staff"),
    "alert_action": ("post", "staff"),
    "item": ("get", "staff"),
    "item_decide": ("post", "staff"),
    "report": ("post", "signed_in"),
    "my_notices": ("get", "signed_in"),
    "appeal": ("post", "owner"),
    "appeal_review": ("post", "staff"),
    "audit": ("get", "site_staff"),
    "age_bands": ("get", "site_staff"),
}


def test_every_safety_view_has_an_access_rule() -> None:
    names = view_names("safety")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def cast(store: Any, group: Any, fay: Any, alice: Any, bob: Any) -> dict[str, Any]:
    join(alice, group, share=True)
    join(bob, group, share=True)
    other_fac = make_user("otto")
    other_group = group_actions.create_group(
        creator=other_fac,
        name="Anxiety Circle",
        purpose="For anxiety.",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    pk = store.add(group, bob, "something rude")
    item = actions.report_content(alice, "test_post", pk, "rude")
    alert = actions.raise_crisis_alert(alice, level="high", group=group)
    sanction = actions.apply_sanction(fay, bob, group, "warn", "Be kind.")
    appeal = actions.appeal_sanction(bob, sanction, "I was joking")
    return {
        "group": group,
        "member": alice,
        "author": bob,
        "facilitator": fay,
        "other_facilitator": other_fac,
        "other_group": other_group,
        "item": item,
        "alert": alert,
        "sanction": sanction,
        "appeal": appeal,
    }


def url_for(name: str, cast: dict[str, Any]) -> str:
    args: dict[str, list[Any]] = {
        "alert": [cast["alert"].pk],
        "alert_action": [cast["alert"].pk, "acknowledge"],
        "item": [cast["item"].pk],
        "item_decide": [cast["item"].pk],
        "appeal": [cast["sanction"].pk],
        "appeal_review": [cast["appeal"].pk],
    }
    return reverse(f"safety:{name}", args=args.get(name, []))


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, cast))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name",
    sorted(n for n, (_, who) in VIEWS.items() if who in ("staff", "dashboard", "site_staff")),
)
def test_members_cannot_see_the_queue_or_alerts(cast: dict[str, Any], name: str) -> None:
    method, who = VIEWS[name]
    response = getattr(client_for(cast["member"]), method)(url_for(name, cast))
    # An alert, item or appeal someone may not handle is "not found", like a missing one.
    assert response.status_code == (404 if who == "staff" else 403)


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "staff"))
def test_facilitators_of_other_groups_cannot_act_here(cast: dict[str, Any], name: str) -> None:
    method, _who = VIEWS[name]
    response = getattr(client_for(cast["other_facilitator"]), method)(url_for(name, cast))
    assert response.status_code == 404


def _without_csrf(content: bytes) -> bytes:
    import re

    content = re.sub(
        rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+', rb"\1", content
    )
    return re.sub(rb'(name="next" type="hidden" value=")[^"]*', rb"\1", content)


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "staff"))
def test_staff_ids_answer_not_found_both_when_missing_and_when_forbidden(
    cast: dict[str, Any], name: str
) -> None:
    method, _who = VIEWS[name]
    other = client_for(cast["other_facilitator"])
    url = url_for(name, cast)
    pk = {
        "alert": cast["alert"].pk,
        "alert_action": cast["alert"].pk,
        "item": cast["item"].pk,
        "item_decide": cast["item"].pk,
        "appeal_review": cast["appeal"].pk,
    }[name]
    forbidden = getattr(other, method)(url)
    missing = getattr(other, method)(url.replace(f"/{pk}/", "/987654/"))
    assert forbidden.status_code == missing.status_code == 404
    # The same page either way (the friendly 404); only the CSRF token's per-response mask and the
    # language switcher's way back to the address asked for differ.
    assert _without_csrf(forbidden.content) == _without_csrf(missing.content)


def test_the_dashboard_shows_facilitators_only_their_groups(cast: dict[str, Any]) -> None:
    own = client_for(cast["facilitator"]).get(reverse("safety:dashboard")).content.decode()
    other = client_for(cast["other_facilitator"]).get(reverse("safety:dashboard")).content.decode()
    assert "alice may be in crisis" in own and "I was joking" in own
    assert "alice may be in crisis" not in other and "I was joking" not in other
    assert "No open reports." in other


@pytest.mark.parametrize(
    "name",
    sorted(n for n, (m, who) in VIEWS.items() if m == "get" and who in ("staff", "dashboard")),
)
def test_facilitators_and_moderators_reach_the_staff_pages(
    cast: dict[str, Any], mo: Any, name: str
) -> None:
    for person in (cast["facilitator"], mo):
        assert client_for(person).get(url_for(name, cast)).status_code == 200


def test_only_the_member_concerned_can_appeal(cast: dict[str, Any]) -> None:
    response = client_for(cast["member"]).post(url_for("appeal", cast), {"text": "not mine"})
    assert response.status_code == 404
    assert Sanction.objects.get(pk=cast["sanction"].pk).appeals.count() == 1


def test_a_facilitator_cannot_decide_on_another_groups_item(cast: dict[str, Any]) -> None:
    client_for(cast["other_facilitator"]).post(
        url_for("item_decide", cast), {"decision": "hide", "reason": "x"}
    )
    assert QueueItem.objects.get(pk=cast["item"].pk).status == "open"


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "site_staff"))
def test_only_moderators_and_admins_reach_site_staff_pages(
    cast: dict[str, Any], mo: Any, ada: Any, name: str
) -> None:
    method, _who = VIEWS[name]
    assert getattr(client_for(cast["facilitator"]), method)(url_for(name, cast)).status_code == 403
    for person in (mo, ada):
        assert getattr(client_for(person), method)(url_for(name, cast)).status_code == 200
