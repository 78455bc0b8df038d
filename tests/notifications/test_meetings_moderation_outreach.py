"""Meeting reminders and changes, moderation notices and private messages from staff join the
notification centre; which of them also go by e-mail is each person's choice."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from alongside.meetings import actions as meetings
from alongside.meetings import tasks
from alongside.notifications import actions as notifications
from alongside.notifications.models import Notification
from alongside.outreach import actions as outreach
from alongside.rooms import actions as rooms
from alongside.rooms.models import ThreadPost
from alongside.safety import actions as safety
from alongside.safety.models import QueueItem
from tests.conftest import client_for
from tests.meetings.conftest import IMMEDIATE, meeting_at, soon


def test_a_meeting_reminder_is_a_notification_and_its_e_mail_can_be_turned_off(
    talking: Any, alice: Any, bob: Any, fay: Any, now: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    meeting = meeting_at(talking, fay, soon(50))
    meetings.rsvp(meeting, alice)
    meetings.rsvp(meeting, bob)
    notifications.set_email_kinds(bob, ["reply"])
    mail.outbox.clear()
    with now():
        tasks.enqueue_due_reminders()
    [n] = Notification.objects.filter(user=alice)
    assert (
        n.kind == "meeting"
        and "starts in an hour" in n.text
        and n.url == meeting.get_absolute_url()
    )
    assert Notification.objects.filter(user=bob, kind="meeting").count() == 1
    assert [m.to for m in mail.outbox] == [[alice.email]]  # bob chose no meeting e-mails
    r = client_for(alice).get(reverse("notifications:open", args=[n.pk]))
    assert r.status_code == 302 and r["Location"] == meeting.get_absolute_url()


def test_a_cancelled_meeting_is_a_notification(
    talking: Any, alice: Any, fay: Any, now: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    meeting = meeting_at(talking, fay, soon(60 * 30))
    meetings.rsvp(meeting, alice)
    with now():
        meetings.cancel_meeting(meeting, editor=fay, note="")
    [n] = Notification.objects.filter(user=alice, kind="meeting")
    assert "cancel" in n.text.lower()
    assert not Notification.objects.filter(user=fay).exists()  # not the person who did it


def test_the_reporter_hears_the_outcome_without_the_reported_words(
    talking: Any, alice: Any, bob: Any, fay: Any, now: Any
) -> None:
    with now():
        thread, _p, _v = rooms.create_thread(alice, talking, "Hello", "first")
    post, _v = rooms.reply_to_thread(bob, thread, "you people are all losers")
    safety.report_content(alice, "thread_post", post.pk, "It was unkind")
    Notification.objects.all().delete()
    notifications.set_email_kinds(alice, [])
    mail.outbox.clear()
    with now():
        safety.decide_item(fay, QueueItem.objects.get(kind="report"), "warn", "Please be kind.")
    [told] = Notification.objects.filter(user=alice)
    assert told.kind == "moderation" and "Thank you for your report" in told.text
    assert "losers" not in told.text
    assert not [m for m in mail.outbox if m.to == [alice.email]]  # she turned them off
    [author] = Notification.objects.filter(user=bob)
    assert (
        author.kind == "moderation"
        and "Please be kind." in author.text
        and "losers" not in author.text
    )
    assert [m for m in mail.outbox if m.to == [bob.email]]  # on by default
    assert ThreadPost.objects.get(pk=post.pk).visibility == "hidden"


def test_a_private_message_from_staff_is_a_notification_only_the_member_can_open(
    talking: Any, alice: Any, bob: Any, mo: Any, now: Any
) -> None:
    alert = safety.raise_crisis_alert(
        alice, level="high", group=talking, reasons=["crisis rule: crisis_high"]
    )
    with now():
        convo = outreach.start_conversation(mo, alert=alert)
        outreach.send_message(mo, convo, "Hi alice, are you safe right now?")
    [n] = Notification.objects.filter(user=alice)
    assert n.kind == "outreach" and n.text == "mo (Moderator) sent you a private message."
    assert "safe" not in n.text
    r = client_for(alice).get(reverse("notifications:open", args=[n.pk]))
    assert r["Location"] == convo.get_absolute_url()
    assert client_for(bob).get(reverse("notifications:open", args=[n.pk])).status_code == 404


def test_e_mail_choices_are_saved_and_bad_ones_refused(alice: Any) -> None:
    c = client_for(alice)
    page = c.get(reverse("notifications:settings")).content.decode()
    assert 'value="meeting" checked' in page and 'value="reply">' in page  # the defaults
    r = c.post(reverse("notifications:settings"), {"kinds": ["reply", "mention"]})
    assert r.status_code == 302
    page = c.get(reverse("notifications:settings")).content.decode()
    assert 'value="reply" checked' in page and 'value="meeting">' in page
    r = c.post(reverse("notifications:settings"), {"kinds": ["reply", "everything"]})
    assert (
        r.status_code == 400 and "Unknown kind of notification: everything." in r.content.decode()
    )
    assert 'value="reply" checked' in c.get(reverse("notifications:settings")).content.decode()


def test_erasing_an_account_deletes_its_notifications(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    from alongside.accounts.privacy import REGISTRY

    with now():
        thread, _p, _v = rooms.create_thread(alice, talking, "Hello", "first")
        rooms.reply_to_thread(bob, thread, "second")
    exported = REGISTRY["notifications"].export(alice)
    assert (
        exported["notifications"][0]["text"]
        == "bob replied to your thread in Evening Depression Support."
    )
    erase = REGISTRY["notifications"].erase
    assert erase is not None
    erase(alice)
    assert not Notification.objects.filter(user=alice).exists()
    with now():
        rooms.reply_to_thread(alice, thread, "third")
    assert Notification.objects.filter(user=bob).exists()
    erase(alice)  # the ones she caused name her handle: they go too
    assert not Notification.objects.filter(user=bob).exists()
