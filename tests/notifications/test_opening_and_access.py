"""The notification centre: the list, the header's count, opening one (access checked again at that
moment), marking read. Nobody sees another person's notifications."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.groups import actions as group_actions
from alongside.notifications.models import Notification
from alongside.rooms import actions
from tests.conftest import client_for


def reply_to_alice(talking: Any, alice: Any, bob: Any, now: Any) -> tuple[Any, Notification]:
    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Sleep", "first")
        actions.reply_to_thread(bob, thread, "second")
    return thread, Notification.objects.get(user=alice)


def test_the_header_counts_unread_notifications_and_the_page_lists_them(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    reply_to_alice(talking, alice, bob, now)
    page = client_for(alice).get(reverse("groups:directory")).content.decode()
    assert (
        'id="notifications-bell"' in page
        and '<span class="count-badge">1<span class="visually-hidden"> unread' in page
    )
    listing = client_for(alice).get(reverse("notifications:index")).content.decode()
    assert "bob replied to your thread in Evening Depression Support." in listing
    assert (
        'class="count-badge"'
        not in client_for(bob).get(reverse("groups:directory")).content.decode()
    )


def test_opening_a_notification_marks_it_read_and_goes_to_the_reply(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    thread, n = reply_to_alice(talking, alice, bob, now)
    r = client_for(alice).get(reverse("notifications:open", args=[n.pk]))
    assert r.status_code == 302 and r["Location"] == n.url
    assert "second" in client_for(alice).get(r["Location"]).content.decode()
    n.refresh_from_db()
    assert n.read_at is not None
    page = client_for(alice).get(reverse("notifications:index")).content.decode()
    assert 'class="count-badge"' not in page


def test_after_leaving_the_group_a_notification_shows_and_opens_nothing_of_it(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    thread, n = reply_to_alice(talking, alice, bob, now)
    group_actions.leave_group(alice, talking)
    listing = client_for(alice).get(reverse("notifications:index")).content.decode()
    assert "bob replied" not in listing and "Evening Depression Support" not in listing
    assert "no longer see" in listing
    r = client_for(alice).get(reverse("notifications:open", args=[n.pk]))
    assert r.status_code == 403
    body = r.content.decode()
    assert "second" not in body and n.url not in body and "You can no longer see this" in body


def test_a_reply_hidden_since_no_longer_opens(
    talking: Any, alice: Any, bob: Any, fay: Any, now: Any
) -> None:
    thread, n = reply_to_alice(talking, alice, bob, now)
    from alongside.rooms.models import ThreadPost

    actions.hide_post(fay, ThreadPost.objects.get(author=bob))
    assert client_for(alice).get(reverse("notifications:open", args=[n.pk])).status_code == 403


def test_someone_elses_notification_is_not_found(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    _thread, n = reply_to_alice(talking, alice, bob, now)
    c = client_for(bob)
    assert c.get(reverse("notifications:open", args=[n.pk])).status_code == 404
    assert c.post(reverse("notifications:read", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.read_at is None
    assert "bob replied" not in c.get(reverse("notifications:index")).content.decode()


def test_mark_one_and_mark_all_read(talking: Any, alice: Any, bob: Any, now: Any) -> None:
    thread, first = reply_to_alice(talking, alice, bob, now)
    with now():
        actions.reply_to_thread(bob, thread, "third")
        actions.reply_to_thread(bob, thread, "fourth")
    c = client_for(alice)
    assert c.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    assert Notification.objects.filter(user=alice, read_at__isnull=True).count() == 2
    assert '<span class="count-badge">2<' in c.get(reverse("notifications:index")).content.decode()
    c.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()


def test_signed_out_visitors_are_sent_to_sign_in(db: Any) -> None:
    from django.test import Client

    r = Client().get(reverse("notifications:index"))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_a_spanish_member_reads_her_notifications_in_spanish(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    alice.ui_language = "es"
    alice.save(update_fields=["ui_language"])
    reply_to_alice(talking, alice, bob, now)
    page = client_for(alice).get(reverse("notifications:index")).content.decode()
    assert "bob respondió a tu hilo en Evening Depression Support." in page
    assert "Nueva</strong> · Respuesta · " in page and "Marcar como leída" in page
    assert "Notificaciones <span" in page
