"""Where a page says what to do, it offers the way to do it: a listener gets a "Start sharing"
button in the room and threads; new guidelines come with a link to the consent page, which leads
back; the group's spaces are at the top of its page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.groups import actions
from tests.conftest import client_for, join


def test_a_listener_gets_a_start_sharing_button_that_returns_to_the_room(
    alice: Any, group: Any
) -> None:
    join(alice, group)
    client = client_for(alice)
    room = reverse("rooms:room", args=[group.slug])
    body = client.get(room).content.decode()
    assert "Choose &#x27;Start sharing&#x27;" in body or "Choose 'Start sharing'" in body
    assert f'action="{reverse("groups:start_sharing", args=[group.slug])}"' in body
    response = client.post(reverse("groups:start_sharing", args=[group.slug]), {"next": room})
    assert response.status_code == 302 and response["Location"] == room
    assert 'id="send-form"' in client.get(room).content.decode()


def test_the_threads_page_offers_start_sharing_too(alice: Any, group: Any) -> None:
    join(alice, group)
    body = client_for(alice).get(reverse("rooms:threads", args=[group.slug])).content.decode()
    assert reverse("groups:start_sharing", args=[group.slug]) in body


def test_a_start_sharing_next_elsewhere_goes_to_the_group_instead(alice: Any, group: Any) -> None:
    join(alice, group)
    response = client_for(alice).post(
        reverse("groups:start_sharing", args=[group.slug]), {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == group.get_absolute_url()


def test_new_guidelines_link_to_the_consent_page_which_leads_back(
    alice: Any, fay: Any, group: Any
) -> None:
    join(alice, group, share=True)
    actions.publish_guidelines(group, editor=fay, text="Be kind. Be brief.", change_note="Brevity")
    client = client_for(alice)
    thread_list = reverse("rooms:threads", args=[group.slug])
    consent = reverse("groups:consent", args=[group.slug])
    for page in (reverse("rooms:room", args=[group.slug]), thread_list):
        assert f'href="{consent}?next=' in client.get(page).content.decode()
    version = group.current_guidelines()
    response = client.post(
        f"{consent}?next={thread_list}",
        {
            "guidelines_version": version.pk,
            "guidelines": "on",
            "confidentiality": "on",
            "crisis_policy": "on",
        },
    )
    assert response["Location"] == thread_list
    assert "Start a thread" in client.get(thread_list).content.decode()


def test_the_group_page_puts_room_threads_meetings_and_resources_first(
    alice: Any, group: Any
) -> None:
    join(alice, group)
    body = client_for(alice).get(group.get_absolute_url()).content.decode()
    nav = body.index('class="group-nav group-nav-top"')
    for url in (
        reverse("rooms:room", args=[group.slug]),
        reverse("rooms:threads", args=[group.slug]),
        reverse("meetings:group", args=[group.slug]),
        reverse("resources:shared", args=[group.slug]),
    ):
        assert nav < body.index(f'href="{url}"') < body.index('id="expect"')


def test_the_join_page_says_an_online_peer_led_group(alice: Any, fay: Any) -> None:
    online = actions.create_group(
        creator=fay,
        name="Online circle",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    body = client_for(alice).get(reverse("groups:join", args=[online.slug])).content.decode()
    assert "This is an online, peer-led group." in body
    assert "This is a Online" not in body


def test_the_live_meeting_page_links_to_new_guidelines(alice: Any, fay: Any, group: Any) -> None:
    from tests.meetings.conftest import meeting_at, soon

    join(alice, group, share=True)
    meeting = meeting_at(group, fay, soon(5))
    actions.publish_guidelines(group, editor=fay, text="Be kind. Be brief.", change_note="Brevity")
    body = client_for(alice).get(f"/meetings/{meeting.pk}/live/").content.decode()
    assert f'href="{reverse("groups:consent", args=[group.slug])}?next=' in body
