"""The page after sign-in is a home for each role: a member's groups and what is new, a
facilitator's groups and what waits for them, a moderator's open alerts first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.groups import actions as group_actions
from alongside.rooms import actions as room_actions
from alongside.safety import actions as safety_actions
from tests.conftest import client_for, join, make_user


@pytest.fixture(autouse=True)
def _tasks_in_process(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def home(user: Any) -> str:
    return client_for(user).get(reverse("home")).content.decode()


def test_visitors_see_what_alongside_is(client: Any) -> None:
    page = client.get(reverse("home")).content.decode()
    assert "You don't have to go through it alone" in page and "Welcome back" not in page


def test_a_member_sees_their_groups_unread_counts_next_meeting_and_check_ins(
    alice: Any, bob: Any, group: Any, fay: Any
) -> None:
    from tests.meetings.conftest import meeting_at

    join(alice, group, share=True)
    join(bob, group, share=True)
    client_for(alice).get(reverse("rooms:room", args=[group.slug]))
    for i in range(3):
        room_actions.send_message(bob, group, f"b{i}", f"hello {i}")
    meeting_at(
        group,
        fay,
        (timezone.now() + timedelta(days=2)).replace(hour=19, minute=15, second=0, microsecond=0),
    )
    page = home(alice)
    assert "Welcome back, alice" in page
    card = page.split('id="my-groups"', 1)[1]
    assert group.name in card and "3 new messages" in card
    assert "Next meeting:" in card and "19:15" in card
    assert "Check-ins due" in page
    assert "Groups you facilitate" not in page and "Open crisis alerts" not in page
    assert reverse("groups:create") not in page
    client_for(alice).get(reverse("rooms:room", args=[group.slug]))
    assert "new message" not in home(alice)


def test_a_member_is_asked_to_agree_to_changed_guidelines_with_a_link(
    alice: Any, group: Any, fay: Any
) -> None:
    join(alice, group)
    group_actions.publish_guidelines(
        group, editor=fay, text="Be kind. New rule.", change_note="new rule"
    )
    page = home(alice)
    assert (
        "please read and agree again" in page
        and reverse("groups:consent", args=[group.slug]) in page
    )


def test_a_facilitator_sees_alerts_first_posts_consent_and_a_link_to_create_a_group(
    alice: Any, bob: Any, group: Any, fay: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    room_actions.send_message(alice, group, "a1", "Hi, I'm new here.")
    room_actions.surface_unanswered_first_posts(0, now=timezone.now() + timedelta(hours=1))
    safety_actions.raise_crisis_alert(bob, level="concern", group=group, summary="test")
    group_actions.publish_guidelines(
        group, editor=fay, text="Be kind. New rule.", change_note="new rule"
    )
    page = home(fay)
    section = page.split('id="home-facilitating"', 1)[1]
    assert group.name in section
    assert "1 open alert" in section
    assert (
        "1 first post waiting for a reply" in section
        and reverse("rooms:first_posts", args=[group.slug]) in section
    )
    assert "Current guidelines agreed: 0 of 2 members" in section
    assert "No meeting is scheduled yet." in section
    assert f'href="{reverse("groups:create")}"' in page
    assert page.index('id="home-alerts"') < page.index('id="home-facilitating"')


def test_a_facilitator_without_two_factor_is_asked_to_turn_it_on_and_sees_no_alerts(
    alice: Any, group: Any, fay: Any, settings: Any
) -> None:
    settings.STAFF_MFA_REQUIRED = True
    join(alice, group)
    safety_actions.raise_crisis_alert(alice, level="concern", group=group, summary="test")
    page = home(fay)
    assert "turn on two-factor authentication" in page
    assert 'id="home-alerts"' not in page and "1 open alert" not in page


def test_a_moderator_sees_open_alerts_first(alice: Any, group: Any) -> None:
    mo = make_user("mona", is_moderator=True)
    join(alice, group)
    safety_actions.raise_crisis_alert(alice, level="high", group=group, summary="test")
    page = home(mo)
    main = page.split('id="main"', 1)[1]
    assert 'id="home-alerts"' in main
    assert main.index('id="home-alerts"') < main.index('id="my-groups"')
    assert "alice may be in crisis" in main and reverse("safety:dashboard") in main


def test_a_moderator_with_nothing_open_is_told_so(db: Any) -> None:
    mo = make_user("mona", is_moderator=True)
    assert "No open crisis alerts." in home(mo)


def test_the_home_page_reads_the_same_number_of_times_however_many_groups(
    alice: Any, bob: Any, fay: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as q:
            client.get(reverse("home"))
        return len(q.captured_queries)

    client = client_for(alice)
    for i in range(2):
        g = group_actions.create_group(
            creator=fay,
            name=f"Circle {i}",
            purpose="p",
            focus="anxiety",
            audience="adults",
            format="online",
            leadership="peer",
        )
        join(alice, g, share=True)
        join(bob, g, share=True)
        room_actions.send_message(bob, g, f"b{i}", "hello")
    two = count()
    for i in range(2, 6):
        g = group_actions.create_group(
            creator=fay,
            name=f"Circle {i}",
            purpose="p",
            focus="anxiety",
            audience="adults",
            format="online",
            leadership="peer",
        )
        join(alice, g, share=True)
        join(bob, g, share=True)
        room_actions.send_message(bob, g, f"b{i}", "hello")
    assert count() == two
    assert home(alice).count("1 new message<") == 6


def test_an_open_home_page_refreshes_its_new_message_badges(
    alice: Any, bob: Any, group: Any, fay: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    client_for(alice).get(reverse("rooms:room", args=[group.slug]))
    page = home(alice)
    assert reverse("home_unread") in page and f'id="unread-{group.slug}"' in page
    assert "new message" not in page

    room_actions.send_message(bob, group, "later", "anyone around tonight?")
    badges = client_for(alice).get(reverse("home_unread")).content.decode()
    assert f'<span id="unread-{group.slug}" hx-swap-oob="true">' in badges
    assert "1 new message" in badges and "anyone around" not in badges
    staff = client_for(fay).get(reverse("home_unread")).content.decode()
    assert f'id="unread-{group.slug}"' in staff and "1 new" in staff


def test_the_badges_are_only_for_the_signed_in_persons_groups(
    client: Any, bob: Any, group: Any
) -> None:
    assert "/accounts/login/" in client.get(reverse("home_unread"))["Location"]
    assert (
        f"unread-{group.slug}" not in client_for(bob).get(reverse("home_unread")).content.decode()
    )
