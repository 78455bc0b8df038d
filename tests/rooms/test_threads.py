"""Threads between meetings: posting, replying, who may post, hiding, locking."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.rooms import actions
from alongside.rooms.models import Thread, ThreadPost
from tests.conftest import client_for, join
from tests.rooms.conftest import carol  # noqa: F401  (fixture)


def test_a_participant_starts_a_thread_and_another_replies(
    talking: Any, alice: Any, bob: Any
) -> None:
    url = reverse("rooms:threads", args=[talking.slug])
    r = client_for(alice).post(
        url, {"title": "Sleep", "text": "I **can't** sleep", "client_id": "c1"}
    )
    thread = Thread.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "rooms:thread", args=[talking.slug, thread.pk]
    )
    turl = reverse("rooms:thread", args=[talking.slug, thread.pk])
    client_for(bob).post(turl, {"text": "Me neither. Try a walk?", "client_id": "c2"})
    page = client_for(alice).get(turl).content.decode()
    assert "<strong>can&#x27;t</strong>" in page or "<strong>can't</strong>" in page
    assert "Me neither. Try a walk?" in page


def test_a_double_submitted_reply_is_stored_once(talking: Any, alice: Any) -> None:
    thread, _post, _v = actions.create_thread(alice, talking, "Hello", "first")
    turl = reverse("rooms:thread", args=[talking.slug, thread.pk])
    c = client_for(alice)
    c.post(turl, {"text": "again", "client_id": "same"})
    c.post(turl, {"text": "again", "client_id": "same"})
    assert ThreadPost.objects.filter(text="again").count() == 1


def test_a_listener_can_read_threads_but_not_post(talking: Any, alice: Any, carol: Any) -> None:  # noqa: F811
    join(carol, talking)
    thread, _post, _v = actions.create_thread(alice, talking, "Hello", "first post")
    c = client_for(carol)
    turl = reverse("rooms:thread", args=[talking.slug, thread.pk])
    assert "first post" in c.get(turl).content.decode()
    r = c.post(turl, {"text": "can I?"})
    assert r.status_code == 400
    assert "You are listening in this group" in r.content.decode()
    assert not ThreadPost.objects.filter(text="can I?").exists()


def test_a_non_member_can_read_neither_the_room_nor_threads_nor_search(
    talking: Any,
    alice: Any,
    carol: Any,  # noqa: F811
) -> None:
    actions.send_message(alice, talking, "m1", "private words")
    actions.create_thread(alice, talking, "Hello", "private thread")
    c = client_for(carol)
    for name in ("rooms:room", "rooms:threads", "rooms:search"):
        r = c.get(reverse(name, args=[talking.slug]) + "?q=private")
        assert r.status_code == 403, name
        assert b"private words" not in r.content


def test_members_find_their_groups_messages_and_posts(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(alice, talking, "m1", "the breathing exercise helped")
    actions.create_thread(bob, talking, "Breathing", "box breathing: 4 in, 4 hold")
    r = client_for(bob).get(reverse("rooms:search", args=[talking.slug]), {"q": "breathing"})
    page = r.content.decode()
    assert "the breathing exercise helped" in page and "box breathing" in page


def test_a_facilitator_hides_a_post_and_locks_a_thread(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    thread, post, _v = actions.create_thread(alice, talking, "Hello", "something unkind")
    f = client_for(fay)
    f.post(reverse("rooms:hide_post", args=[talking.slug, post.pk]))
    turl = reverse("rooms:thread", args=[talking.slug, thread.pk])
    assert "something unkind" not in client_for(bob).get(turl).content.decode()
    f.post(reverse("rooms:thread_flags", args=[talking.slug, thread.pk]), {"locked": "on"})
    r = client_for(bob).post(turl, {"text": "reply"})
    assert r.status_code == 400 and "closed to new replies" in r.content.decode()


def test_only_staff_can_hide(talking: Any, alice: Any, bob: Any) -> None:
    _thread, post, _v = actions.create_thread(alice, talking, "Hello", "mine")
    r = client_for(bob).post(reverse("rooms:hide_post", args=[talking.slug, post.pk]))
    assert r.status_code == 403
    post.refresh_from_db()
    assert post.visibility == "visible"


def test_the_group_page_links_to_the_room_and_threads(talking: Any, alice: Any) -> None:
    page = client_for(alice).get(reverse("groups:detail", args=[talking.slug])).content.decode()
    assert reverse("rooms:room", args=[talking.slug]) in page
    assert reverse("rooms:threads", args=[talking.slug]) in page


def test_the_room_page_shows_recent_messages_to_members(talking: Any, alice: Any, bob: Any) -> None:
    actions.send_message(alice, talking, "m1", "hello *everyone*")
    page = client_for(bob).get(reverse("rooms:room", args=[talking.slug])).content.decode()
    assert "hello <em>everyone</em>" in page
    assert 'data-last-seq="1"' in page


def test_an_open_thread_gets_the_replies_posted_since_it_was_loaded(
    group: Any, alice: Any, bob: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    thread, first, _verdict = actions.create_thread(
        alice, group, "Evenings", "how do you wind down?"
    )
    page = client_for(alice).get(reverse("rooms:thread", args=[group.slug, thread.pk]))
    new_url = reverse("rooms:thread_new_posts", args=[group.slug, thread.pk])
    assert new_url in page.content.decode()

    reply, _verdict = actions.reply_to_thread(bob, thread, "a warm bath and no screens", "r1")
    fresh = client_for(alice).get(new_url, {"after": first.pk}).content.decode()
    assert f'id="p{reply.pk}"' in fresh and "a warm bath" in fresh
    assert f'id="p{first.pk}"' not in fresh
    assert client_for(alice).get(new_url, {"after": reply.pk}).content.decode().strip() == ""
    assert client_for(alice).get(new_url, {"after": "x"}).status_code == 400
