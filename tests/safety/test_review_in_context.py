"""Held messages and reports are reviewed in context (the messages around them), with the author's
earlier decisions and every decision the README lists; the notices that follow quote what they
concern and give times in the member's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from alongside.accounts.actions import erase_account
from alongside.groups.models import Membership
from alongside.rooms import actions as room_actions
from alongside.rooms.models import Message
from alongside.safety import actions
from alongside.safety.models import Notice, QueueItem
from tests.conftest import client_for, join


@pytest.fixture
def members(group: Any, alice: Any, bob: Any) -> Any:
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


def report_message(members: Any, alice: Any, bob: Any) -> QueueItem:
    for n, (who, text) in enumerate(
        [
            (bob, "Good morning all"),
            (alice, "Anyone else find Sundays hard?"),
            (bob, "Sundays are fine for me"),
            (alice, "Lucky you"),
            (bob, "you are such a whiner, honestly"),
            (alice, "That hurt."),
            (bob, "Whatever"),
            (alice, "Moving on: tea, anyone?"),
            (bob, "Much later chatter"),
        ]
    ):
        room_actions.send_message(who, members, f"c{n}", text)
    rude = Message.objects.get(text="you are such a whiner, honestly")
    return actions.report_content(alice, "room_message", rude.pk, "Name-calling")


def test_a_report_shows_the_messages_around_it(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    item = report_message(members, alice, bob)
    page = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    context = page[page.index('id="context-h"') : page.index('id="history-h"')]
    for text in (
        "Anyone else find Sundays hard?",
        "Sundays are fine for me",
        "Lucky you",
        "you are such a whiner",
        "That hurt.",
        "Whatever",
        "Moving on: tea, anyone?",
    ):
        assert text in context
    assert "Good morning all" not in context and "Much later chatter" not in context  # 3 each side
    assert (
        context.index("Lucky you")
        < context.index("you are such a whiner")
        < context.index("That hurt.")
    )
    assert 'aria-current="true"' in context


def test_a_hidden_neighbour_is_not_shown_again(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    item = report_message(members, alice, bob)
    room_actions.hide_message(fay, Message.objects.get(text="That hurt."))
    context = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    assert "That hurt." not in context and "A hidden message." in context


def test_a_thread_post_is_shown_in_its_thread(members: Any, alice: Any, bob: Any, fay: Any) -> None:
    thread, _post, _v = room_actions.create_thread(alice, members, "Sundays", "Sundays are long.")
    room_actions.reply_to_thread(bob, thread, "Try a walk before lunch")
    rude, _v = room_actions.reply_to_thread(bob, thread, "stop moaning, whiner")
    room_actions.reply_to_thread(alice, thread, "I was only sharing")
    item = actions.report_content(alice, "thread_post", rude.pk, "Unkind")
    page = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    context = page[page.index('id="context-h"') : page.index('id="history-h"')]
    assert [
        t in context
        for t in (
            "Sundays are long.",
            "Try a walk before lunch",
            "stop moaning",
            "I was only sharing",
        )
    ] == [True] * 4


def test_the_authors_earlier_decisions_are_shown_within_the_viewers_groups(
    members: Any, alice: Any, bob: Any, fay: Any, mo: Any
) -> None:
    from alongside.groups import actions as group_actions
    from tests.conftest import make_user

    other = group_actions.create_group(
        creator=make_user("otto"),
        name="Anxiety Circle",
        purpose="For anxiety.",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    join(bob, other, share=True)
    actions.apply_sanction(fay, bob, members, "warn", "Sarcasm at a newcomer.")
    actions.apply_sanction(mo, bob, other, "hide", "Off-topic advertising.")
    item = report_message(members, alice, bob)
    facilitator_page = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    assert "Sarcasm at a newcomer." in facilitator_page
    assert "Off-topic advertising." not in facilitator_page  # another group's business
    moderator_page = client_for(mo).get(reverse("safety:item", args=[item.pk])).content.decode()
    assert "Sarcasm at a newcomer." in moderator_page and "Off-topic advertising." in moderator_page


def test_every_decision_is_offered_suspend_to_moderators_only(
    members: Any, alice: Any, bob: Any, fay: Any, mo: Any
) -> None:
    item = report_message(members, alice, bob)
    decisions = {"approve", "hide", "warn", "mute", "remove", "suspend"}
    for person, expected in ((mo, decisions), (fay, decisions - {"suspend"})):
        page = client_for(person).get(reverse("safety:item", args=[item.pk])).content.decode()
        offered = {d for d in decisions if f'name="decision" value="{d}"' in page}
        assert offered == expected
    assert 'name="mute_minutes"' in page


def test_a_moderator_can_remove_the_author_from_the_group(
    members: Any, alice: Any, bob: Any, mo: Any
) -> None:
    item = report_message(members, alice, bob)
    client_for(mo).post(
        reverse("safety:item_decide", args=[item.pk]),
        {"decision": "remove", "reason": "Repeated name-calling after a warning."},
    )
    assert Membership.objects.get(user=bob, group=members).status == Membership.Status.REMOVED
    assert QueueItem.objects.get(pk=item.pk).status == "done"


def test_notices_quote_the_message_in_the_app_but_not_by_email(
    members: Any, alice: Any, bob: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    item = report_message(members, alice, bob)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_item(fay, item, "warn", "Please be kind.")
    to_author = Notice.objects.get(user=bob)
    to_reporter = Notice.objects.get(user=alice)
    assert (
        "“you are such a whiner, honestly”" in to_author.shown
        and "Please be kind." in to_author.shown
    )
    assert "“you are such a whiner, honestly”" in to_reporter.shown
    assert mail.outbox and not any("whiner" in m.body for m in mail.outbox)
    assert (
        "you are such a whiner"
        in client_for(bob).get(reverse("safety:my_notices")).content.decode()
    )


def test_a_long_message_is_quoted_short(members: Any, alice: Any, bob: Any, fay: Any) -> None:
    room_actions.send_message(bob, members, "long", "you are a whiner " + "and so on " * 40)
    item = actions.report_content(
        alice, "room_message", Message.objects.get(client_id="long").pk, "Unkind"
    )
    actions.decide_item(fay, item, "hide", "Unkind.")
    text = Notice.objects.get(user=bob).shown
    quoted = text[text.index("“") + 1 : text.index("”")]
    assert quoted.startswith("you are a whiner") and len(quoted) <= 80 and quoted.endswith("…")


def test_times_in_notices_are_in_the_members_time_zone(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    bob.timezone = "America/New_York"
    bob.save(update_fields=["timezone"])
    item = report_message(members, alice, bob)
    now = datetime(2026, 1, 15, 17, 0, tzinfo=UTC)
    actions.decide_item(fay, item, "mute", "Cooling off.", mute_minutes=60, now=now)
    text = Notice.objects.get(user=bob).text
    assert "until 2026-01-15 13:00 EST" in text  # 18:00 UTC, in New York
    page = client_for(bob).get(reverse("safety:my_notices")).content.decode()
    assert " EST" in page and "UTC" not in page
    actions.apply_sanction(
        fay, bob, members, "mute", "Cooling off.", mute_minutes=60
    )  # one still running
    room = client_for(bob).get(reverse("rooms:room", args=[members.slug])).content.decode()
    assert "muted you in this group until" in room and (
        "EST" in room or "EDT" in room
    )  # in their own time


def test_opening_a_held_message_is_audited_once_per_viewing(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    from alongside.core.models import AuditEntry

    item = report_message(members, alice, bob)
    c = client_for(fay)
    c.get(reverse("safety:item", args=[item.pk]))
    c.post(
        reverse("safety:item_decide", args=[item.pk]),
        {"decision": "hide", "reason": ""},
        follow=True,
    )  # refused: no reason
    assert AuditEntry.objects.filter(actor=fay, action="safety.item.read").count() == 1
    c.get(reverse("safety:item", args=[item.pk]))  # opened again: a new viewing
    assert AuditEntry.objects.filter(actor=fay, action="safety.item.read").count() == 2


def test_the_open_alert_of_the_author_is_pointed_out(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    item = report_message(members, alice, bob)
    alert = actions.raise_crisis_alert(bob, level="concern", group=members)
    page = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    assert (
        "This member has an open crisis alert." in page
        and reverse("safety:alert", args=[alert.pk]) in page
    )


def test_a_notice_stops_quoting_a_message_its_author_removes(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    item = report_message(members, alice, bob)
    actions.decide_item(fay, item, "approve", "It reads as a joke between friends.")
    page = client_for(alice).get(reverse("safety:my_notices")).content.decode()
    assert "you are such a whiner" in page
    room_actions.remove_room_message(bob, members, Message.objects.get(pk=item.object_id).seq)
    page = client_for(alice).get(reverse("safety:my_notices")).content.decode()
    assert "you are such a whiner" not in page and "Thank you for your report" in page


def test_a_notice_stops_quoting_the_words_of_someone_erased(
    members: Any, alice: Any, bob: Any, fay: Any
) -> None:
    item = report_message(members, alice, bob)
    actions.decide_item(fay, item, "approve", "It reads as a joke between friends.")
    erase_account(bob, confirm_handle=bob.handle)
    assert "whiner" not in Notice.objects.get(user=alice).shown
    page = client_for(alice).get(reverse("safety:my_notices")).content.decode()
    assert "whiner" not in page and "Thank you for your report" in page
