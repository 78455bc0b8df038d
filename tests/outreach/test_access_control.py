"""Every outreach view, for every kind of visitor. A private conversation is readable only by its
member and the staff on their safety (the group's facilitators, moderators, admins) — as they are
at that moment. A new outreach view cannot be added without a row here."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.groups import actions as group_actions
from alongside.groups.models import Membership
from alongside.outreach.models import Conversation, OutreachMessage
from tests.access import view_names
from tests.conftest import client_for, join, make_user

# url name -> (method, who may use it). "signed_in": anyone signed in (sees only their own);
# "staff_of_alert": the facilitators of the alert's group, moderators, admins; "party": the
# conversation's member and the staff on it.
VIEWS: dict[str, tuple[str, str]] = {
    "inbox": ("get", "signed_in"),
    "start": ("post", "staff_of_alert"),
    "conversation": ("get", "party"),
    "messages": ("get", "party"),
    "send": ("post", "party"),
}


def test_every_outreach_view_has_an_access_rule() -> None:
    names = view_names("outreach")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


def url_for(name: str, conversation: Conversation) -> str:
    return reverse(f"outreach:{name}", args=[conversation.pk] if VIEWS[name][1] == "party" else [])


def data_for(name: str, conversation: Conversation) -> dict[str, Any]:
    return {"start": {"alert": conversation.alert_id}, "send": {"text": "hello"}}.get(name, {})


@pytest.fixture
def outsiders(group: Any, bob: Any) -> dict[str, Any]:
    join(bob, group, share=True)  # in the same group, but not the member concerned
    otto = make_user("otto")
    group_actions.create_group(
        creator=otto,
        name="Anxiety Circle",
        purpose="For anxiety.",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    return {"fellow member": bob, "another group's facilitator": otto}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, conversation: Conversation, name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, conversation), data_for(name, conversation))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(n for n, (_m, who) in VIEWS.items() if who != "signed_in"))
@pytest.mark.parametrize("outsider", ["fellow member", "another group's facilitator"])
def test_nobody_else_can_read_start_or_write(
    conversation: Conversation, outsiders: dict[str, Any], name: str, outsider: str
) -> None:
    method, _who = VIEWS[name]
    before = OutreachMessage.objects.count()
    response = getattr(client_for(outsiders[outsider]), method)(
        url_for(name, conversation), data_for(name, conversation)
    )
    assert response.status_code in (403, 404)
    assert "How are you doing" not in response.content.decode()
    assert OutreachMessage.objects.count() == before


@pytest.mark.parametrize("name", sorted(n for n, (_m, who) in VIEWS.items() if who == "party"))
def test_the_member_the_facilitator_and_moderators_can_use_it(
    conversation: Conversation, alice: Any, fay: Any, mo: Any, ada: Any, name: str
) -> None:
    method, _who = VIEWS[name]
    for person in (alice, fay, mo, ada):
        response = getattr(client_for(person), method)(
            url_for(name, conversation), data_for(name, conversation)
        )
        assert response.status_code in (200, 302), (person, response.status_code)


def test_a_member_cannot_open_a_conversation_about_someone_else(
    conversation: Conversation, alice: Any
) -> None:
    response = client_for(alice).post(reverse("outreach:start"), {"alert": conversation.alert_id})
    assert response.status_code == 403


def test_the_inbox_lists_only_your_own_conversations(
    conversation: Conversation, outsiders: dict[str, Any], alice: Any
) -> None:
    bob_page = (
        client_for(outsiders["fellow member"]).get(reverse("outreach:inbox")).content.decode()
    )
    assert conversation.get_absolute_url() not in bob_page
    assert (
        conversation.get_absolute_url()
        in client_for(alice).get(reverse("outreach:inbox")).content.decode()
    )


def test_a_facilitator_who_stepped_down_can_no_longer_read_it(
    conversation: Conversation, fay: Any, group: Any
) -> None:
    assert client_for(fay).get(url_for("conversation", conversation)).status_code == 200
    Membership.objects.filter(user=fay, group=group).update(role=Membership.Role.PARTICIPANT)
    assert client_for(fay).get(url_for("conversation", conversation)).status_code == 404
