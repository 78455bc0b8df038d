"""Replies and @mentions reach the people they concern — members of the group only, never the
author, never about a held message, and never quoting what anyone wrote."""

from __future__ import annotations

from typing import Any

from django.core import mail

from alongside.groups import actions as group_actions
from alongside.notifications.models import Notification
from alongside.rooms import actions
from alongside.rooms.models import ThreadPost
from tests.conftest import join, make_user
from tests.rooms.conftest import carol  # noqa: F401  (fixture)

PLAN = "I've got 40 paracetamol counted out on my desk and I'm taking them all tonight"


def texts(user: Any) -> list[str]:
    return [n.text for n in Notification.objects.filter(user=user)]


def test_a_reply_tells_the_threads_author_by_handle_and_group_without_the_words(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Sleep", "I can't sleep")
    with now():
        post, _v = actions.reply_to_thread(bob, thread, "Me neither, try a walk")
    [n] = Notification.objects.filter(user=alice)
    assert n.kind == "reply" and n.read_at is None
    assert n.text == "bob replied to your thread in Evening Depression Support."
    assert n.url.endswith(f"/threads/{thread.pk}/#p{post.pk}")
    assert "walk" not in n.text and "Sleep" not in n.text
    assert texts(bob) == []  # never the author


def test_everyone_who_wrote_in_the_thread_hears_of_a_reply_once(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    dee = make_user("dee")
    join(dee, talking, share=True)
    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Sleep", "first")
        actions.reply_to_thread(dee, thread, "second")
        actions.reply_to_thread(bob, thread, "third")
    assert texts(dee) == ["bob replied in a thread you wrote in, in Evening Depression Support."]
    assert sorted(texts(alice)) == sorted(
        [
            "bob replied to your thread in Evening Depression Support.",
            "dee replied to your thread in Evening Depression Support.",
        ]
    )


def test_a_mention_in_the_room_tells_that_member_and_links_to_the_message(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    with now():
        stored = actions.send_message(alice, talking, "m1", "thanks @Bob, that helped")
    [n] = Notification.objects.filter(user=bob)
    assert n.kind == "mention"
    assert n.text == "alice mentioned you in the live room of Evening Depression Support."
    assert n.url.endswith(f"/rooms/{talking.slug}/#m{stored.seq}")
    assert texts(alice) == []


def test_a_mention_in_a_thread_is_one_notification_not_a_reply_too(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    with now():
        thread, _p, _v = actions.create_thread(bob, talking, "Walks", "who walks?")
        actions.reply_to_thread(alice, thread, "@bob. me! every morning")
    assert texts(bob) == ["alice mentioned you in a thread in Evening Depression Support."]


def test_mentions_reach_only_members_of_that_group(
    talking: Any,
    alice: Any,
    bob: Any,
    carol: Any,  # noqa: F811
    now: Any,
) -> None:
    outsider = make_user("olly")
    group_actions.leave_group(bob, talking)
    with now():
        actions.send_message(alice, talking, "m1", "@olly @bob @carol @alice @nobody hello")
    assert texts(outsider) == [] and texts(bob) == [] and texts(alice) == []
    assert Notification.objects.count() == 0  # carol is not a member of this group


def test_a_held_message_tells_nobody(talking: Any, alice: Any, bob: Any, now: Any) -> None:
    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Tonight", "hello")
    Notification.objects.all().delete()
    with now():
        actions.reply_to_thread(bob, thread, f"@alice {PLAN}")
        actions.send_message(bob, talking, "m1", f"@alice {PLAN}")
    assert ThreadPost.objects.get(author=bob).visibility == "held"
    assert not Notification.objects.filter(user=alice).exists()
    assert all("paracetamol" not in n.text for n in Notification.objects.all())


def test_replies_and_mentions_send_no_e_mail_unless_chosen(
    talking: Any, alice: Any, bob: Any, now: Any
) -> None:
    from alongside.notifications import actions as notifications

    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Sleep", "first")
    mail.outbox.clear()
    with now():
        actions.reply_to_thread(bob, thread, "second")
    assert mail.outbox == []
    notifications.set_email_kinds(alice, ["reply"])
    with now():
        actions.reply_to_thread(bob, thread, "I keep a diary of what helps")
    [sent] = mail.outbox
    assert sent.to == ["alice@example.org"]
    # Content-free: not the words, not who, not the group (a group's name says a lot in an inbox).
    for secret in ("diary", "bob", "Depression"):
        assert secret not in sent.body and secret not in sent.subject
    assert "/notifications/" in sent.body


def test_a_spanish_member_is_told_in_spanish(talking: Any, alice: Any, bob: Any, now: Any) -> None:
    alice.ui_language = "es"
    alice.save(update_fields=["ui_language"])
    with now():
        actions.send_message(bob, talking, "m1", "@alice thank you for yesterday")
    [n] = Notification.objects.filter(user=alice)
    assert n.text == "bob te mencionó en la sala en directo de Evening Depression Support."


def test_a_held_reply_approved_after_review_is_notified_then(
    talking: Any, alice: Any, bob: Any, fay: Any, now: Any
) -> None:
    from alongside.safety import actions as safety
    from alongside.safety.models import QueueItem

    with now():
        thread, _p, _v = actions.create_thread(alice, talking, "Tonight", "hello")
        post, _v = actions.reply_to_thread(bob, thread, "kys nobody wants you here")
    assert post.visibility == "held"
    assert not Notification.objects.filter(user=alice).exists()
    with now():
        safety.decide_item(
            fay, QueueItem.objects.get(kind="held", object_id=post.pk), "approve", "fine"
        )
    assert texts(alice) == ["bob replied to your thread in Evening Depression Support."]
