"""Staff powers need TOTP two-factor in production (ALONGSIDE_STAFF_MFA_REQUIRED), decided by the
role a request uses — not by its URL. A facilitator, moderator and admin without TOTP walk every
staff-only page, the JSON API and the room socket: none of them grants a staff power, and pages
send them to enrolment.

Before, the rule matched URL patterns: a moderator without TOTP opened any group's room and
member list (and a staff socket), an admin read the research report and CSV and the organisation's
outcomes, a facilitator read group effectiveness.
"""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async
from django.urls import reverse

import tests.groups.test_access_control as groups_table
import tests.meetings.test_access_control as meetings_table
import tests.outcomes.test_access_control as outcomes_table
import tests.resources.test_access_control as resources_table
import tests.rooms.test_access_control as rooms_table
import tests.safety.test_access_control as safety_table
from alongside.meetings.models import Meeting
from alongside.resources import actions as resource_actions
from alongside.rooms import actions as room_actions
from alongside.rooms.models import Message
from alongside.safety import actions as safety_actions
from alongside.safety.screening import Verdict
from tests.access import view_names
from tests.conftest import client_for, join
from tests.meetings.conftest import meeting_at, soon
from tests.rooms.conftest import connect, live_test

FAY, MO, ADA = "facilitator", "moderator", "admin"

# (namespace, url name) -> who holds that staff power: the group's facilitator (fay), a site
# moderator (mo) and an admin (ada), none of them having joined the group but fay. Rows for
# members' pages are the powers moderators and admins have to see a group without joining it.
STAFF_ROWS: dict[tuple[str, str], set[str]] = {
    ("groups", "create"): {FAY, MO, ADA},
    ("groups", "manage"): {FAY, ADA},
    ("groups", "edit_guidelines"): {FAY, ADA},
    ("groups", "consent_records"): {FAY, ADA},
    ("groups", "approve"): {FAY, ADA},
    ("groups", "decline"): {FAY, ADA},
    ("groups", "remove"): {FAY, ADA},
    ("groups", "appoint_facilitator"): {FAY, ADA},
    ("groups", "end_facilitation"): {FAY, ADA},
    ("groups", "members"): {MO, ADA},
    ("meetings", "create"): {FAY, ADA},
    ("meetings", "agenda"): {FAY, ADA},
    ("meetings", "edit"): {FAY, ADA},
    ("meetings", "cancel"): {FAY, ADA},
    ("meetings", "reschedule"): {FAY, ADA},
    ("meetings", "group"): {MO, ADA},
    ("meetings", "detail"): {MO, ADA},
    ("meetings", "ics"): {MO, ADA},
    ("meetings", "live"): {MO, ADA},
    ("meetings", "live_panel"): {MO, ADA},
    ("rooms", "room_settings"): {FAY, MO, ADA},
    ("rooms", "hide_message"): {FAY, MO, ADA},
    ("rooms", "pin_message"): {FAY, MO, ADA},
    ("rooms", "first_posts"): {FAY, MO, ADA},
    ("rooms", "thread_flags"): {FAY, MO, ADA},
    ("rooms", "hide_post"): {FAY, MO, ADA},
    ("rooms", "room"): {MO, ADA},
    ("rooms", "search"): {MO, ADA},
    ("rooms", "threads"): {MO, ADA},
    ("rooms", "thread"): {MO, ADA},
    ("safety", "dashboard"): {FAY, MO, ADA},
    ("safety", "alerts_live"): {FAY, MO, ADA},
    ("safety", "alert"): {FAY, MO, ADA},
    ("safety", "alert_action"): {FAY, MO, ADA},
    ("safety", "item"): {FAY, MO, ADA},
    ("safety", "item_decide"): {FAY, MO, ADA},
    ("safety", "appeal_review"): {FAY, MO, ADA},
    ("outcomes", "group_effectiveness"): {FAY, ADA},
    ("outcomes", "organisation"): {ADA},
    ("outcomes", "research_report"): {ADA},
    ("outcomes", "research_export"): {ADA},
    ("resources", "library_add"): {MO, ADA},
    ("resources", "library_edit"): {MO, ADA},
    ("resources", "library_archive"): {MO, ADA},
    ("resources", "library_unarchive"): {MO, ADA},
    ("resources", "approve_shared"): {FAY, ADA},
    ("resources", "remove_shared"): {FAY, ADA},
    ("resources", "poll_create"): {FAY, ADA},
    ("resources", "shared"): {MO, ADA},
    ("resources", "polls"): {MO, ADA},
}
TABLES = {
    "groups": groups_table,
    "meetings": meetings_table,
    "rooms": rooms_table,
    "safety": safety_table,
    "outcomes": outcomes_table,
    "resources": resources_table,
}
STAFF_WHO = {"manager", "staff", "dashboard", "staff_creator", "admin"}
# Apps with no staff page at all (their views are each person's own).
NO_STAFF_VIEWS = {
    "accounts": {"profile", "age_band", "mfa_required", "my_data", "download_my_data"},
    "journal": {"index", "write", "edit", "delete", "check_in"},
}


def test_every_staff_view_of_every_app_is_walked() -> None:
    for namespace, module in TABLES.items():
        staff = {name for name, (_m, who) in module.VIEWS.items() if who in STAFF_WHO}
        walked = {name for (ns, name) in STAFF_ROWS if ns == namespace}
        assert staff <= walked, f"walk these {namespace} staff views too: {staff - walked}"
        assert walked <= set(module.VIEWS)
    for namespace, names in NO_STAFF_VIEWS.items():
        assert view_names(namespace) == names, (
            f"is a new {namespace} view staff-only? add it to the walk"
        )


def enrol_totp(user: Any) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


@pytest.fixture
def world(group: Any, fay: Any, mo: Any, ada: Any, alice: Any, bob: Any) -> dict[str, Any]:
    """A group with something of everything a staff member acts on."""
    join(alice, group, share=True)
    join(bob, group, share=True)
    room_actions.send_message(alice, group, "a1", "hello")
    thread, post, _verdict = room_actions.create_thread(alice, group, "Sleep", "what helps?")
    message = Message.objects.get(group=group, seq=1)
    item = safety_actions.report_content(bob, "room_message", message.pk, "rude")
    alert = safety_actions.raise_crisis_alert(alice, level="high", group=group)
    sanction = safety_actions.apply_sanction(fay, bob, group, "warn", "Be kind.")
    appeal = safety_actions.appeal_sanction(bob, sanction, "I was joking")
    meeting: Meeting = meeting_at(group, fay, soon(60 * 24))
    shared = resource_actions.suggest_resource(
        author=alice, group=group, title="A link", url="https://example.org/s"
    )
    poll = resource_actions.create_poll(
        by=fay, group=group, question="Which evening?", options=["Mon", "Tue"]
    )
    resource = resource_actions.add_library_resource(
        by=mo, title="Sleep guide", url="https://example.org/sleep", kind="article"
    )
    casts = {
        "groups": {"group": group, "member": alice},
        "meetings": {"group": group, "member": alice, "meeting": meeting},
        "rooms": {"group": group, "thread": thread, "post": post},
        "safety": {"alert": alert, "item": item, "sanction": sanction, "appeal": appeal},
        "outcomes": {"group": group},
        "resources": {"group": group, "item": shared, "poll": poll, "resource": resource},
    }
    return {"group": group, "casts": casts, FAY: fay, MO: mo, ADA: ada}


def _url(namespace: str, name: str, world: dict[str, Any]) -> str:
    cast = world["casts"][namespace]
    if namespace == "groups":
        return str(groups_table.url_for(name, cast["group"], cast["member"].pk))
    return str(TABLES[namespace].url_for(name, cast))


@pytest.mark.parametrize("persona", [FAY, MO, ADA])
def test_staff_without_totp_get_no_staff_power_and_are_sent_to_enrol(
    settings: Any, world: dict[str, Any], persona: str
) -> None:
    settings.STAFF_MFA_REQUIRED = True
    client = client_for(world[persona])
    enrol = reverse("accounts:mfa_required")
    walked = 0
    for (namespace, name), holders in sorted(STAFF_ROWS.items()):
        if persona not in holders:
            continue
        method, _who = TABLES[namespace].VIEWS[name]
        response = getattr(client, method)(_url(namespace, name, world))
        assert response.status_code == 302 and response["Location"] == enrol, (
            f"{persona} without TOTP got {response.status_code} from {namespace}:{name}"
        )
        walked += 1
    assert walked >= 15


def test_with_totp_the_same_staff_powers_work(settings: Any, world: dict[str, Any]) -> None:
    settings.STAFF_MFA_REQUIRED = True
    for persona in (FAY, MO, ADA):
        enrol_totp(world[persona])
    for (namespace, name), holders in sorted(STAFF_ROWS.items()):
        method, _who = TABLES[namespace].VIEWS[name]
        if method != "get":
            continue  # a POST would change what later rows see; the GET pages show the power
        for persona in holders:
            response = client_for(world[persona]).get(_url(namespace, name, world))
            assert response.status_code == 200, (
                f"{persona} with TOTP got {response.status_code} from {namespace}:{name}"
            )


def test_the_admin_site_needs_totp(settings: Any, ada: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    assert client_for(ada).get("/admin/")["Location"] == reverse("accounts:mfa_required")
    assert client_for(ada).get("/admin/login/")["Location"] == reverse("accounts:mfa_required")
    enrol_totp(ada)
    assert client_for(ada).get("/admin/").status_code == 200


def test_the_api_gives_no_staff_power_without_totp(settings: Any, world: dict[str, Any]) -> None:
    settings.STAFF_MFA_REQUIRED = True
    slug = world["group"].slug
    for persona in (MO, ADA):
        client = client_for(world[persona])
        members = client.get(f"/api/groups/{slug}/members")
        assert members.status_code == 403
        assert "two-factor" in members.json()["detail"] and members.json()["enrol"] == reverse(
            "accounts:mfa_required"
        )
        assert (
            client.get(f"/api/groups/{slug}").json()["location"] is None
        )  # members and staff only
    enrol_totp(world[MO])
    assert client_for(world[MO]).get(f"/api/groups/{slug}/members").status_code == 200
    assert (
        client_for(world[MO]).get(f"/api/groups/{slug}").json()["location"]
        == "Room 2, 14 Mill Lane"
    )


def test_a_facilitator_without_totp_is_still_a_member_of_their_group(
    settings: Any, world: dict[str, Any]
) -> None:
    settings.STAFF_MFA_REQUIRED = True
    slug = world["group"].slug
    client = client_for(world[FAY])
    room = client.get(reverse("rooms:room", args=[slug]))
    assert room.status_code == 200
    assert (
        reverse("rooms:room_settings", args=[slug]) not in room.content.decode()
    )  # no staff controls
    assert "turn on two-factor authentication" in room.content.decode()
    assert client.get(reverse("groups:members", args=[slug])).status_code == 200


def test_members_are_not_asked_for_totp(settings: Any, alice: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    assert client_for(alice).get(reverse("groups:directory")).status_code == 200
    assert "two-factor" not in client_for(alice).get(reverse("accounts:profile")).content.decode()


def test_the_setup_page_offers_an_authenticator_app(settings: Any, fay: Any, group: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    page = client_for(fay).get(reverse("accounts:mfa_required")).content.decode()
    assert reverse("mfa_activate_totp") in page


pytestmark_socket = pytest.mark.django_db(transaction=True)


@pytestmark_socket
@live_test
async def test_the_room_socket_gives_no_staff_power_without_totp(
    settings: Any, group: Any, fay: Any, mo: Any, alice: Any, monkeypatch: Any
) -> None:
    await database_sync_to_async(join)(alice, group, True)
    held = Verdict(visibility="held", author_notice="A facilitator will look at it.")
    monkeypatch.setattr(room_actions, "screen", lambda text, author, group: held)
    a, _ = await connect(alice, group)
    assert (await a.send("h1", "held for review"))["visibility"] == "held"
    settings.STAFF_MFA_REQUIRED = True
    # A moderator who has not joined the group: refused, as any outsider is.
    _m, connected = await connect(mo, group)
    assert not connected
    # The facilitator is a member: they connect, but see the held message as any member does.
    f, connected = await connect(fay, group)
    assert connected
    assert (await f.messages(1))[0] == {"seq": 1, "visible": False}
    await f.close()
    await database_sync_to_async(enrol_totp)(fay)
    f2, _ = await connect(fay, group)
    assert (await f2.messages(1))[0]["html"] == "<p>held for review</p>"
    await f2.close()
    await a.close()
