"""Every notifications view, for every kind of visitor. A person's notifications are theirs alone:
anyone else gets a 404 and changes nothing. A new view cannot be added without a row here."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from alongside.notifications.models import Notification
from alongside.rooms import actions
from tests.access import view_names
from tests.conftest import client_for, make_user

# url name -> (method, who may use it). "signed_in": anyone signed in (sees only their own);
# "owner": the person the notification is for.
VIEWS: dict[str, tuple[str, str]] = {
    "index": ("get", "signed_in"),
    "list": ("get", "signed_in"),
    "read_all": ("post", "signed_in"),
    "settings": ("get", "signed_in"),
    "open": ("get", "owner"),
    "read": ("post", "owner"),
}


def test_every_notifications_view_has_an_access_rule() -> None:
    names = view_names("notifications")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def notification(talking: Any, alice: Any, bob: Any, now: Any) -> Notification:
    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Sleep", "first")
        actions.reply_to_thread(bob, thread, "second")
    return Notification.objects.get(user=alice)


def url_for(name: str, notification: Notification) -> str:
    return reverse(
        f"notifications:{name}", args=[notification.pk] if VIEWS[name][1] == "owner" else []
    )


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, notification: Notification, name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, notification))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", sorted(VIEWS))
@pytest.mark.parametrize("who", ["fellow member", "moderator", "stranger"])
def test_nobody_else_sees_opens_or_marks_her_notifications(
    notification: Notification, bob: Any, mo: Any, name: str, who: str
) -> None:
    person = {"fellow member": bob, "moderator": mo, "stranger": make_user("sam")}[who]
    method, rule = VIEWS[name]
    response = getattr(client_for(person), method)(url_for(name, notification))
    if rule == "owner":
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302)
    assert "bob replied" not in response.content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_owner_may_use_every_view(notification: Notification, alice: Any, name: str) -> None:
    method, _rule = VIEWS[name]
    response = getattr(client_for(alice), method)(url_for(name, notification))
    assert response.status_code in (200, 302)
