"""The author's private notice on the room and thread pages: the response to what they just
posted, and a standing reminder while their crisis alert in the group is open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.groups import actions as group_actions
from alongside.rooms import actions
from alongside.safety import actions as safety_actions
from alongside.safety.models import CrisisAlert
from tests.conftest import client_for, join, make_user

CRISIS = "I can't do this anymore, I want to end my life"


def notice_of(html: str) -> str:
    """The private notice section of a page, or "" when there is none shown."""
    start = html.find('<section id="private-notice"')
    if start < 0:
        return ""
    section = html[start : html.index("</section>", start)]
    return "" if section.split(">", 1)[0].endswith(" hidden") else section


def test_the_room_shows_the_author_their_open_alert_after_a_reload(
    talking: Any, alice: Any, bob: Any, fay: Any
) -> None:
    actions.send_message(alice, talking, "c1", CRISIS)
    alert = CrisisAlert.objects.get(member=alice, group=talking)
    room = reverse("rooms:room", args=[talking.slug])

    notice = notice_of(client_for(alice).get(room).content.decode())
    assert "Samaritans" in notice and "116 123" in notice  # alice is in GB
    assert "a facilitator has been alerted" in notice
    assert 'role="alert"' not in notice  # a reminder, not announced again on every load
    assert notice_of(client_for(bob).get(room).content.decode()) == ""  # private to its author

    safety_actions.acknowledge_alert(fay, alert)
    notice = notice_of(client_for(alice).get(room).content.decode())
    assert "A facilitator has seen your message" in notice

    safety_actions.resolve_alert(fay, alert, "Talked it through; safe for tonight.")
    assert notice_of(client_for(alice).get(room).content.decode()) == ""


def test_an_alert_in_another_group_is_not_shown_here(talking: Any, alice: Any) -> None:
    other = group_actions.create_group(
        creator=make_user("otto"),
        name="Anxiety Circle",
        purpose="For anxiety.",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    join(alice, other, share=True)
    actions.send_message(alice, other, "c1", CRISIS)
    assert (
        notice_of(
            client_for(alice).get(reverse("rooms:room", args=[talking.slug])).content.decode()
        )
        == ""
    )
    assert "Samaritans" in notice_of(
        client_for(alice).get(reverse("rooms:room", args=[other.slug])).content.decode()
    )


def test_a_crisis_reply_lands_on_the_notice_at_the_top_then_it_stays_while_the_alert_is_open(
    talking: Any, alice: Any, bob: Any, django_capture_on_commit_callbacks: Any
) -> None:
    thread, _post, _verdict = actions.create_thread(
        bob, talking, "Evenings", "Evenings are long for me. What helps you in the evening?"
    )
    url = reverse("rooms:thread", args=[talking.slug, thread.pk])
    c = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url, {"text": CRISIS, "client_id": "r1"})
    assert response.status_code == 302 and response["Location"] == url + "#private-notice"
    page = c.get(url).content.decode()
    notice = notice_of(page)
    assert 'role="alert"' in notice and "Samaritans" in notice
    assert page.index('id="private-notice"') < page.index(
        "What helps you in the evening"
    )  # above the posts
    assert CrisisAlert.objects.filter(member=alice, group=talking).exists()

    again = notice_of(c.get(url).content.decode())
    assert "Samaritans" in again and 'role="alert"' not in again
    assert notice_of(client_for(bob).get(url).content.decode()) == ""
    assert "Samaritans" in notice_of(
        c.get(reverse("rooms:threads", args=[talking.slug])).content.decode()
    )


def test_an_ordinary_reply_lands_on_the_post(talking: Any, alice: Any, bob: Any) -> None:
    thread, _post, _verdict = actions.create_thread(
        bob, talking, "Evenings", "Evenings are long for me. What helps you in the evening?"
    )
    url = reverse("rooms:thread", args=[talking.slug, thread.pk])
    response = client_for(alice).post(url, {"text": "A walk and a cup of tea.", "client_id": "r1"})
    assert response["Location"].startswith(url + "#p")
    assert notice_of(client_for(alice).get(url).content.decode()) == ""


def test_a_held_thread_post_tells_its_author_at_the_top(talking: Any, alice: Any, bob: Any) -> None:
    thread, _post, _verdict = actions.create_thread(
        bob, talking, "Evenings", "Evenings are long for me. What helps you in the evening?"
    )
    url = reverse("rooms:thread", args=[talking.slug, thread.pk])
    c = client_for(alice)
    response = c.post(url, {"text": "kys nobody wants you here", "client_id": "r1"})
    assert response["Location"] == url + "#private-notice"
    notice = notice_of(c.get(url).content.decode())
    assert "A facilitator will look at it before others see it" in notice


def test_a_new_thread_in_crisis_lands_on_the_notice(
    talking: Any, alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("rooms:threads", args=[talking.slug]),
            {"title": "Tonight", "text": CRISIS, "client_id": "t1"},
        )
    assert response["Location"].endswith("#private-notice")
    notice = notice_of(c.get(response["Location"].split("#")[0]).content.decode())
    assert 'role="alert"' in notice and "Samaritans" in notice
