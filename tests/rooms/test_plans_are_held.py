"""A plan that names a means is held from the group — in the live room and in threads — while
its author is told kindly why and sees crisis lines, and staff are alerted. A crisis message
that names no means is posted (never silence a cry for help)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from alongside.rooms.models import Message, Thread, ThreadPost
from alongside.safety.models import CrisisAlert, QueueItem
from tests.conftest import client_for
from tests.rooms.conftest import connect, live_test

PLAN = "I've got 40 paracetamol counted out on my desk and I'm taking them all tonight"
PLAN_ES = "tengo las pastillas y me las voy a tomar todas esta noche"
NO_MEANS = "I don't want to be here any more"


def _alert(user: Any) -> CrisisAlert | None:
    return CrisisAlert.objects.filter(member=user).first()


async def _alert_soon(user: Any) -> CrisisAlert | None:
    """The alert is raised right after the message is stored, beside the ack: wait for it."""
    for _ in range(50):
        alert = await database_sync_to_async(_alert)(user)
        if alert is not None:
            return alert
        await asyncio.sleep(0.1)
    return None


@pytest.mark.django_db(transaction=True)
@live_test
async def test_a_plan_in_the_room_is_held_the_author_is_told_why_and_staff_are_alerted(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    ack = await a.send("plan1", PLAN)
    assert ack["type"] == "ack" and ack["visibility"] == "held"
    assert "only you and the moderators can see this message" in ack["notice"]
    assert "You haven't done anything wrong" in ack["notice"]
    assert ack["resources"]  # crisis lines for alice's country
    # The group sees a placeholder, never the plan.
    assert (await b.messages(1))[0] == {"seq": 1, "visible": False}
    alert = await _alert_soon(alice)
    assert alert is not None and alert.level == "high" and "method detail" in alert.reasons
    assert await database_sync_to_async(
        QueueItem.objects.filter(
            kind=QueueItem.Kind.HELD, source="room_message", author=alice
        ).exists
    )()
    for c in (a, b):
        await c.close()


@pytest.mark.django_db(transaction=True)
@live_test
async def test_a_crisis_that_names_no_means_is_posted_in_the_room(
    talking: Any, alice: Any, bob: Any
) -> None:
    a, _ = await connect(alice, talking)
    b, _ = await connect(bob, talking)
    ack = await a.send("c1", NO_MEANS)
    assert ack["visibility"] == "visible"
    assert ack["notice"] and ack["resources"]  # the author still sees the crisis lines
    assert "be here any more" in (await b.messages(1))[0]["html"]
    assert await _alert_soon(alice) is not None
    for c in (a, b):
        await c.close()


def test_a_plan_in_a_thread_is_held_and_its_author_is_told_why(
    talking: Any, alice: Any, bob: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("rooms:threads", args=[talking.slug])
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(alice).post(
            url, {"title": "Tonight", "text": PLAN_ES, "client_id": "t1"}, follow=True
        )
    post = ThreadPost.objects.get()
    assert post.visibility == "held"
    page = r.content.decode()
    assert "only you and the moderators can see this message" in page  # the author's notice
    turl = reverse("rooms:thread", args=[talking.slug, Thread.objects.get().pk])
    assert "tomar todas" not in client_for(bob).get(turl).content.decode()
    alert = _alert(alice)
    assert alert is not None and alert.level == "high" and alert.source == "thread_post"
    assert QueueItem.objects.filter(
        kind=QueueItem.Kind.HELD, source="thread_post", object_id=post.pk
    ).exists()


def test_a_reply_with_a_plan_is_held_while_an_alert_is_already_open(
    talking: Any, alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("rooms:threads", args=[talking.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(url, {"title": "Hard day", "text": NO_MEANS, "client_id": "t1"})
    thread = Thread.objects.get()
    assert ThreadPost.objects.get().visibility == "visible"  # no means: posted
    turl = reverse("rooms:thread", args=[talking.slug, thread.pk])
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(alice).post(turl, {"text": PLAN, "client_id": "t2"}, follow=True)
    assert ThreadPost.objects.get(client_id="t2").visibility == "held"
    assert "only you and the moderators can see this message" in r.content.decode()
    alert = CrisisAlert.objects.get(member=alice)  # the open alert gains the plan, and rises
    assert alert.level == "high"
    assert NO_MEANS in client_for(bob).get(turl).content.decode()
    assert "paracetamol" not in client_for(bob).get(turl).content.decode()
    assert not Message.objects.exists()
