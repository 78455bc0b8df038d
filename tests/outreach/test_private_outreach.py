"""Staff reach a member privately from an alert, a held message or a report; the member is told at
once (in the app, and by an e-mail without the message) and can answer; every staff read is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from alongside.accounts.actions import erase_account, export_personal_data
from alongside.core.models import AuditEntry
from alongside.outreach import actions
from alongside.outreach.models import Conversation, OutreachMessage
from alongside.safety.models import AlertNote, CrisisAlert, Notice, QueueItem
from tests.conftest import client_for, join


def reads_by(person: Any) -> int:
    return AuditEntry.objects.filter(actor=person, action="outreach.read").count()


def test_a_moderator_writes_from_an_alert_and_the_member_is_told_without_the_message(
    alert: Any, alice: Any, mo: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(mo).post(reverse("outreach:start"), {"alert": alert.pk})
        convo = Conversation.objects.get(member=alice)
        assert response["Location"] == convo.get_absolute_url()
        client_for(mo).post(
            reverse("outreach:send", args=[convo.pk]),
            {"text": "Hi alice, it's mo. Are you safe right now?"},
        )
    notice = Notice.objects.get(user=alice)
    assert (
        notice.text == "mo (Moderator) sent you a private message."
        and notice.url == convo.get_absolute_url()
    )
    [mail] = [m for m in mailoutbox if m.to == ["alice@example.org"]]
    assert "Are you safe" not in mail.body and "Are you safe" not in mail.subject
    assert convo.get_absolute_url() in mail.body
    page = client_for(alice).get(convo.get_absolute_url()).content.decode()
    assert "Are you safe right now?" in page
    assert "mo</strong>" in page and "Moderator" in page


def test_the_member_replies_and_the_staff_who_wrote_are_told(
    conversation: Conversation, alice: Any, mo: Any
) -> None:
    response = client_for(alice).post(
        reverse("outreach:send", args=[conversation.pk]),
        {"text": "Thanks. It's been a hard week but I'm safe tonight."},
    )
    assert response.status_code == 302
    assert OutreachMessage.objects.filter(conversation=conversation, role="member").count() == 1
    assert Notice.objects.filter(user=mo, text="alice replied to your private message.").exists()
    page = client_for(mo).get(conversation.get_absolute_url()).content.decode()
    assert "hard week but I&#x27;m safe tonight" in page


def test_the_member_sees_who_they_talk_to_by_handle_and_role(
    conversation: Conversation, alice: Any, fay: Any
) -> None:
    actions.send_message(fay, conversation, "I'm fay, I facilitate your Tuesday group.")
    page = client_for(alice).get(conversation.get_absolute_url()).content.decode()
    assert "fay</strong>\n      · Facilitator" in page
    assert "mo</strong>\n      · Moderator" in page
    assert "alice@example.org" not in page


def test_messages_are_encrypted_at_rest(conversation: Conversation) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM outreach_outreachmessage")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all("How are you doing" not in s and s.startswith("fernet:") for s in stored)
    assert OutreachMessage.objects.get().text.startswith("Hi alice")


def test_every_staff_read_is_audited_once_per_new_content(
    conversation: Conversation, alice: Any, fay: Any
) -> None:
    fay_client = client_for(fay)
    fay_client.get(conversation.get_absolute_url())
    entry = AuditEntry.objects.get(actor=fay, action="outreach.read")
    assert entry.subject_user == alice and entry.details["conversation"] == conversation.pk
    fay_client.get(
        reverse("outreach:messages", args=[conversation.pk])
    )  # the live refresh: same content
    assert reads_by(fay) == 1
    actions.send_message(alice, conversation, "I'm here.")
    fay_client.get(reverse("outreach:messages", args=[conversation.pk]))
    assert reads_by(fay) == 2
    # Sending and coming back to your own words is not a new read of the member's.
    fay_client.post(
        reverse("outreach:send", args=[conversation.pk]), {"text": "Glad to hear from you."}
    )
    fay_client.get(conversation.get_absolute_url())
    assert reads_by(fay) == 2


def test_the_members_own_reads_are_not_audited(conversation: Conversation, alice: Any) -> None:
    client_for(alice).get(conversation.get_absolute_url())
    assert not AuditEntry.objects.filter(actor=alice, action="outreach.read").exists()
    assert not Notice.objects.filter(
        user=alice, read_at__isnull=True
    ).exists()  # reading it clears its notice


def test_a_crisis_in_a_reply_adds_to_the_open_alert(
    conversation: Conversation, alice: Any, alert: Any
) -> None:
    _message, verdict = actions.send_message(
        alice, conversation, "Honestly I want to kill myself tonight."
    )
    assert verdict.crisis == "high" and verdict.resources
    assert CrisisAlert.objects.filter(member=alice).count() == 1
    assert AlertNote.objects.filter(alert=alert, kind=AlertNote.Kind.REPEATED).exists()


def test_a_crisis_in_a_reply_after_the_alert_was_resolved_raises_a_new_one(
    conversation: Conversation, alice: Any, mo: Any, alert: Any
) -> None:
    from alongside.safety import actions as safety

    safety.resolve_alert(mo, alert, "Talked it through.")
    response = client_for(alice).post(
        reverse("outreach:send", args=[conversation.pk]),
        {"text": "It's back. I want to die and I have the pills here."},
        follow=True,
    )
    new = CrisisAlert.objects.exclude(pk=alert.pk).get(member=alice)
    assert new.is_open and new.source == actions.SOURCE
    conversation.refresh_from_db()
    assert conversation.alert == new
    page = response.content.decode()
    assert "A facilitator has been alerted" in page and "Samaritans" in page  # alice is in GB
    # The alert shows the reply to the staff on it, with a way back to the conversation.
    mo_page = client_for(mo).get(reverse("safety:alert", args=[new.pk])).content.decode()
    assert "I have the pills here" in mo_page and conversation.get_absolute_url() in mo_page


def test_a_staff_message_that_reads_as_abusive_is_not_sent(
    conversation: Conversation, fay: Any
) -> None:
    with pytest.raises(actions.OutreachError):
        actions.send_message(fay, conversation, "You are pathetic, stop whining.")
    assert OutreachMessage.objects.filter(author=fay).count() == 0


def test_empty_and_overlong_messages_are_refused_with_a_reason(
    conversation: Conversation, alice: Any
) -> None:
    with pytest.raises(actions.OutreachError, match="empty"):
        actions.send_message(alice, conversation, "   ")
    with pytest.raises(actions.OutreachError, match="under 4,000 characters"):
        actions.send_message(alice, conversation, "x" * 4001)


def test_writing_to_the_member_acknowledges_the_alert(alert: Any, fay: Any) -> None:
    convo = actions.start_conversation(fay, alert=alert)
    actions.send_message(fay, convo, "Hello, it's fay.")
    alert.refresh_from_db()
    assert alert.acknowledged_by == fay and alert.status == CrisisAlert.Status.ACKNOWLEDGED


def test_a_later_alert_continues_the_same_conversation(
    conversation: Conversation, alice: Any, mo: Any, alert: Any, group: Any
) -> None:
    from alongside.safety import actions as safety

    safety.resolve_alert(mo, alert, "ok")
    again = safety.raise_crisis_alert(alice, level="concern", group=group)
    assert actions.start_conversation(mo, alert=again).pk == conversation.pk
    assert Conversation.objects.count() == 1


def test_staff_reach_the_author_of_a_held_message(group: Any, bob: Any, fay: Any) -> None:
    from alongside.rooms import actions as rooms

    join(bob, group, share=True)
    rooms.send_message(bob, group, "c1", "you are all pathetic losers")
    item = QueueItem.objects.get(author=bob, kind=QueueItem.Kind.HELD)
    page = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    assert "Message bob privately" in page
    response = client_for(fay).post(reverse("outreach:start"), {"item": item.pk})
    convo = Conversation.objects.get(member=bob)
    assert response["Location"] == convo.get_absolute_url() and convo.item == item


def test_the_member_s_data_export_includes_the_conversation(
    conversation: Conversation, alice: Any, mo: Any
) -> None:
    actions.send_message(alice, conversation, "Thank you for asking.")
    data = export_personal_data(alice)["outreach"]
    [convo] = data["conversations"]
    assert [(m["from"], m["role"], m["text"][:9]) for m in convo["messages"]] == [
        ("mo", "moderator", "Hi alice,"),
        ("you", "member", "Thank you"),
    ]
    assert export_personal_data(mo)["outreach"]["messages_written_as_staff"] == 1


def test_erasing_the_account_deletes_the_conversation(
    conversation: Conversation, alice: Any, mo: Any, alert: Any
) -> None:
    from alongside.safety import actions as safety

    actions.send_message(alice, conversation, "Thank you for asking.")
    safety.resolve_alert(mo, alert, "Safe; plan agreed.")
    erase_account(alice, confirm_handle="alice")
    assert not Conversation.objects.exists() and not OutreachMessage.objects.exists()


def test_erasure_keeps_a_reply_an_open_alert_is_about_until_it_is_resolved(
    conversation: Conversation, alice: Any, mo: Any, alert: Any
) -> None:
    from alongside.accounts.models import User
    from alongside.safety import actions as safety

    safety.resolve_alert(mo, alert, "ok")
    actions.send_message(alice, conversation, "Thanks, all fine.")
    worrying, _verdict = actions.send_message(alice, conversation, "I want to kill myself tonight.")
    erasure = erase_account(alice, confirm_handle="alice")
    assert not erasure.done  # an open alert: it waits
    assert list(OutreachMessage.objects.values_list("pk", flat=True)) == [worrying.pk]
    new_alert = CrisisAlert.objects.get(member=alice, status=CrisisAlert.Status.OPEN)
    page = client_for(mo).get(reverse("safety:alert", args=[new_alert.pk])).content.decode()
    assert "I want to kill myself tonight." in page  # staff can still read what the alert is about
    safety.resolve_alert(mo, new_alert, "Reached by phone; safe.")
    from alongside.accounts.actions import finish_deferred_erasure

    finish_deferred_erasure(User.objects.get(pk=alice.pk))
    assert not Conversation.objects.exists() and not OutreachMessage.objects.exists()
