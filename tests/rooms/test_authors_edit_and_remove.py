"""Authors edit and remove their own room messages and thread posts (issue 13, finding 7).

Removing works at any time: the text is blanked, "Message removed by its author" shows in its
place, replies keep their context. Editing works within ALONGSIDE_EDIT_MINUTES, is screened again
exactly like a new message, and needs the right to post at that moment. Both reach open sockets at
once; moderators see that an edit happened, and the original while the item is under review."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.actions import erase_account
from alongside.core.models import AuditEntry
from alongside.groups import actions as group_actions
from alongside.rooms import actions
from alongside.rooms.models import Message, Revision, ThreadPost
from alongside.safety import actions as safety_actions
from alongside.safety.models import CrisisAlert, QueueItem
from tests.conftest import client_for
from tests.rooms.conftest import connect, live_test

PLAN = "I've got 40 paracetamol counted out on my desk and I'm taking them all tonight"


async def _frame(client: Any, kind: str, timeout: float = 5) -> dict[str, Any]:
    return await client.until(kind, timeout)


def _message(seq: int) -> Message:
    return Message.objects.get(seq=seq)


# -- the live room ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@live_test
async def test_an_edit_and_a_removal_reach_every_open_socket_at_once(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    await a.send("e1", "I live at 12 Elm Road")
    await b.messages(1)

    await a.comm.send_json_to({"type": "edit", "seq": 1, "text": "I live nearby"})
    ack = await _frame(a, "edit_ack")
    assert ack["visibility"] == "visible"
    edited = (await _frame(b, "edit"))["message"]
    assert edited["html"] == "<p>I live nearby</p>" and edited["edited"] is True
    assert "Elm" not in (await database_sync_to_async(_message)(1)).text

    await a.comm.send_json_to({"type": "remove", "seq": 1})
    await _frame(a, "remove_ack")
    removed = (await _frame(b, "removed"))["message"]
    assert removed["removed"] is True and removed["html"] == "" and removed["seq"] == 1
    stored = await database_sync_to_async(_message)(1)
    assert stored.text == "" and stored.html == "" and stored.removed_at is not None
    # A socket that connects later sees the removal in the message's place (sequence stays whole).
    c, _ = await connect(bob, talking)
    [again] = [f["message"] for f in c.backlog if f["type"] == "message"]
    assert again["removed"] is True and again["seq"] == 1
    for client in (a, b, c):
        await client.close()


@pytest.mark.django_db(transaction=True)
@live_test
async def test_an_edit_is_screened_again_a_plan_is_held_from_the_group_and_staff_are_alerted(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    f, _ = await connect(fay, talking)
    await a.send("e1", "a hard evening")
    await b.messages(1)
    await f.messages(1)

    await a.comm.send_json_to({"type": "edit", "seq": 1, "text": PLAN})
    ack = await _frame(a, "edit_ack")
    assert ack["visibility"] == "held"
    assert "only you and the moderators can see this message" in ack["notice"] and ack["resources"]
    # The group no longer sees it at all; staff see the new text.
    assert (await _frame(b, "hide"))["seq"] == 1
    assert "paracetamol" in (await _frame(f, "edit"))["message"]["html"]
    for _ in range(50):
        alert = await database_sync_to_async(CrisisAlert.objects.filter(member=alice).first)()
        if alert is not None:
            break
        await asyncio.sleep(0.1)
    assert alert is not None and alert.source == "room_message" and "method detail" in alert.reasons
    assert await database_sync_to_async(
        QueueItem.objects.filter(kind="held", source="room_message").exists
    )()
    for client in (a, b, f):
        await client.close()


@pytest.mark.django_db(transaction=True)
@live_test
async def test_a_muted_member_cannot_edit_over_an_open_socket_but_can_still_remove(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    a, _ = await connect(alice, talking)
    await a.send("e1", "first words")
    await database_sync_to_async(safety_actions.apply_sanction)(
        fay, alice, talking, "mute", "Cooling off", mute_minutes=60
    )
    await a.comm.send_json_to({"type": "edit", "seq": 1, "text": "changed while muted"})
    error = await _frame(a, "error")
    assert error["code"] == "not_allowed" and error["seq"] == 1
    assert (await database_sync_to_async(_message)(1)).text == "first words"
    await a.comm.send_json_to({"type": "remove", "seq": 1})
    await _frame(a, "remove_ack")
    assert (await database_sync_to_async(_message)(1)).removed_at is not None
    await a.close()


@pytest.mark.django_db(transaction=True)
@live_test
async def test_nobody_edits_or_removes_someone_elses_message_over_the_socket(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    await a.send("e1", "alice's words")
    for frame in ({"type": "edit", "seq": 1, "text": "bob's now"}, {"type": "remove", "seq": 1}):
        await b.comm.send_json_to(frame)
        assert (await _frame(b, "error"))["code"] == "not_author"
    await b.comm.send_json_to({"type": "edit", "seq": "x", "text": "?"})
    assert (await _frame(b, "error"))["code"] == "bad_frame"
    assert (await database_sync_to_async(_message)(1)).text == "alice's words"
    for client in (a, b):
        await client.close()


# -- pages and the API -----------------------------------------------------------------------


@pytest.fixture
def posted(talking: Any, alice: Any) -> Message:
    actions.send_message(alice, talking, "m1", "my number is 07700 900123")
    return Message.objects.get(seq=1)


def test_the_author_edits_on_a_page_and_everyone_sees_it_was_edited(
    posted: Any, talking: Any, alice: Any, bob: Any
) -> None:
    url = reverse("rooms:edit_message", args=[talking.slug, 1])
    page = client_for(alice).get(url).content.decode()
    assert "07700 900123" in page and "Remove my message" in page
    response = client_for(alice).post(url, {"text": "ask me for my number"})
    assert response.status_code == 302
    room = client_for(bob).get(reverse("rooms:room", args=[talking.slug])).content.decode()
    assert "ask me for my number" in room and "(edited)" in room and "07700" not in room
    assert AuditEntry.objects.filter(action="rooms.message_edited", actor=alice).exists()


def test_editing_closes_after_the_set_time_but_removing_does_not(
    posted: Any, talking: Any, alice: Any, settings: Any
) -> None:
    settings.EDIT_MINUTES = 15
    Message.objects.filter(pk=posted.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    url = reverse("rooms:edit_message", args=[talking.slug, 1])
    response = client_for(alice).post(url, {"text": "too late"})
    assert response.status_code == 400
    assert "can be edited for 15 minutes" in response.content.decode()
    assert Message.objects.get(pk=posted.pk).text.startswith("my number")
    client_for(alice).post(reverse("rooms:remove_message", args=[talking.slug, 1]))
    assert Message.objects.get(pk=posted.pk).text == ""


def test_a_member_removed_from_the_group_cannot_edit_but_can_remove_their_words(
    posted: Any, talking: Any, alice: Any, fay: Any
) -> None:
    group_actions.remove_member(fay, talking, alice.pk, "guideline 2")
    edit = client_for(alice).post(
        reverse("rooms:edit_message", args=[talking.slug, 1]), {"text": "x"}
    )
    assert edit.status_code in (403, 404)
    assert Message.objects.get(pk=posted.pk).text.startswith("my number")
    response = client_for(alice).post(reverse("rooms:remove_message", args=[talking.slug, 1]))
    assert response.status_code == 302
    assert Message.objects.get(pk=posted.pk).removed_at is not None


def test_bad_text_in_an_edit_is_refused_clearly_and_nothing_is_lost(
    posted: Any, talking: Any, alice: Any
) -> None:
    url = reverse("rooms:edit_message", args=[talking.slug, 1])
    response = client_for(alice).post(url, {"text": "   "})
    assert (
        response.status_code == 400 and "Please write something first." in response.content.decode()
    )
    assert Message.objects.get(pk=posted.pk).text.startswith("my number")


def test_a_removed_thread_post_keeps_the_replies_in_context(
    talking: Any, alice: Any, bob: Any
) -> None:
    thread, first, _v = actions.create_thread(
        alice, talking, "Sleep", "I take my pills at 10pm, 20mg"
    )
    reply, _v = actions.reply_to_thread(bob, thread, "thanks, that helps me too")
    c = client_for(alice)
    assert (
        c.post(
            reverse("rooms:edit_post", args=[talking.slug, first.pk]),
            {"text": "I take my pills at bedtime"},
        ).status_code
        == 302
    )
    assert c.post(reverse("rooms:remove_post", args=[talking.slug, first.pk])).status_code == 302
    page = (
        client_for(bob)
        .get(reverse("rooms:thread", args=[talking.slug, thread.pk]))
        .content.decode()
    )
    assert "Message removed by its author." in page and "thanks, that helps me too" in page
    assert "20mg" not in page and "bedtime" not in page
    assert ThreadPost.objects.get(pk=first.pk).text == ""
    assert ThreadPost.objects.get(pk=reply.pk).text == "thanks, that helps me too"


def test_the_api_edits_and_removes_only_your_own(
    posted: Any, talking: Any, alice: Any, bob: Any
) -> None:
    url = f"/api/groups/{talking.slug}/room/messages/1"
    c = client_for(alice)
    response = c.patch(url, json.dumps({"text": "call me maybe"}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["edited"] is True and response.json()["html"] == "<p>call me maybe</p>"
    other = client_for(bob).delete(url)
    assert other.status_code == 404
    assert c.delete(url).status_code == 204
    assert Message.objects.get(pk=posted.pk).removed_at is not None
    thread, post, _v = actions.create_thread(alice, talking, "T", "a post")
    post_url = f"/api/groups/{talking.slug}/posts/{post.pk}"
    assert c.patch(
        post_url, json.dumps({"text": "a better post"}), content_type="application/json"
    ).json()["edited"]
    assert c.delete(post_url).status_code == 204
    assert ThreadPost.objects.get(pk=post.pk).removed_at is not None


# -- moderators ------------------------------------------------------------------------------


def test_a_reported_message_keeps_its_original_for_moderators_and_they_see_it_was_removed(
    posted: Any, talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    report = safety_actions.report_content(
        bob, "room_message", posted.pk, "Shares private information"
    )
    client_for(alice).post(reverse("rooms:remove_message", args=[talking.slug, 1]))
    [kept] = Revision.objects.filter(source="room_message", object_id=posted.pk)
    assert kept.kind == "removed" and kept.text == "my number is 07700 900123"
    page = client_for(fay).get(reverse("safety:item", args=[report.pk])).content.decode()
    assert "The author removed this message on" in page and "07700 900123" in page
    # The group does not see it again.
    room = client_for(bob).get(reverse("rooms:room", args=[talking.slug])).content.decode()
    assert "07700" not in room and "Message removed by its author." in room
    # Erasing the author takes the kept original too (no alert is open about it).
    erase_account(alice, confirm_handle="alice")
    assert not Revision.objects.exists()


def test_an_edit_of_a_message_nobody_reported_leaves_no_copy_behind(
    posted: Any, talking: Any, alice: Any
) -> None:
    client_for(alice).post(
        reverse("rooms:edit_message", args=[talking.slug, 1]), {"text": "ask me"}
    )
    client_for(alice).post(reverse("rooms:remove_message", args=[talking.slug, 1]))
    assert not Revision.objects.exists()
    assert "07700" not in json.dumps(list(Message.objects.values("text", "html")))


@pytest.mark.django_db(transaction=True)
@live_test
async def test_edits_count_toward_the_rate_limit_like_new_messages(
    talking: Any, alice: Any, settings: Any
) -> None:
    settings.ROOM_RATE_LIMIT = "2/60"
    a, _ = await connect(alice, talking)
    await a.send("e1", "one")
    await a.comm.send_json_to({"type": "edit", "seq": 1, "text": "two"})
    await _frame(a, "edit_ack")
    await a.comm.send_json_to({"type": "edit", "seq": 1, "text": "three"})
    error = await _frame(a, "error")
    assert error["code"] == "rate_limited" and error["retry_after"] > 0
    assert (await database_sync_to_async(_message)(1)).text == "two"
    await a.close()
