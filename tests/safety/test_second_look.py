"""The crisis second look: the sentence-embedding model reads again what the inline screen
passed and, on a concern, alerts staff and tells the author privately where help is. It never
holds or hides the message. (alongside/safety/second_look.py)"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.urls import reverse

from alongside.rooms import actions as room_actions
from alongside.rooms.models import Message
from alongside.safety import actions, second_look
from alongside.safety.classify import assess
from alongside.safety.models import CrisisAlert, Notice
from tests.conftest import client_for, join

# Written for these tests: no explicit phrase the rules know, but the meaning is a crisis.
IMPLICIT_CRISIS = (
    "I don't think I will be around much longer. I have sorted out my bills, written letters to my "
    "family and picked a day. I feel strangely calm about it now that the decision is made. Thank you "
    "all for being kind to me here."
)
EVERYDAY = [
    "Hi everyone, I wanted to share that this week went a bit better. I went for two walks, called my "
    "sister and even cooked a proper dinner on Thursday. Work is still stressful but I am trying the "
    "breathing exercise we talked about last session.",
    "Does anyone have tips for sleeping better? I wake up at four every morning and my mind races about "
    "money and my kids. I have tried no screens before bed and camomile tea but nothing seems to work "
    "for more than a night or two.",
    "Had a rough week at work, my manager keeps piling on tasks and I feel exhausted, but the group "
    "session on Tuesday really helped and I managed to go for a run this morning. Looking forward to "
    "seeing everyone next week.",
    "My depression has been really bad lately. I sleep most of the day, I stopped answering messages "
    "and I can't find the energy to shower. My therapist wants to change my medication and I am "
    "nervous about the side effects.",
    "This heat is killing me, anyone else struggling to sleep with the windows open?",
]


def test_the_second_look_finds_a_crisis_the_inline_screen_passed() -> None:
    assert second_look.available()
    assert assess(IMPLICIT_CRISIS).crisis == "none"
    result = second_look.look(IMPLICIT_CRISIS)
    assert result is not None and result.concern


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_messages_stay_quiet(text: str) -> None:
    result = second_look.look(text)
    assert result is None or not result.concern


def test_short_greetings_are_left_to_the_inline_screen() -> None:
    assert second_look.look("good morning! the sun is out") is None


@pytest.fixture
def sharing(group: Any, alice: Any, bob: Any) -> Any:
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


def test_a_missed_crisis_is_posted_then_alerts_staff_and_tells_the_author(
    settings: Any,
    sharing: Any,
    alice: Any,
    bob: Any,
    fay: Any,
    mo: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.SECOND_LOOK = "now"
    with django_capture_on_commit_callbacks(execute=True):
        stored = room_actions.send_message(alice, sharing, "c1", IMPLICIT_CRISIS)
    # Never silenced: the group sees the message.
    assert Message.objects.get(pk=stored.message_id).visibility == "visible"
    assert (
        IMPLICIT_CRISIS[:40]
        in client_for(bob).get(reverse("rooms:room", args=[sharing.slug])).content.decode()
    )
    alert = CrisisAlert.objects.get(member=alice, group=sharing)
    assert (
        alert.level == "concern"
        and alert.source == "room_message"
        and alert.object_id == stored.message_id
    )
    assert "crisis second look" in alert.reasons
    page = client_for(fay).get(reverse("safety:alert", args=[alert.pk])).content.decode()
    assert (
        "read again after posting: may be a crisis the first screen missed" in page
    )  # plain words
    # The author is told privately, on every page until read, with a link to the crisis lines.
    notice = Notice.objects.get(user=alice)
    assert notice.url == reverse("resources:crisis")
    home = client_for(alice).get("/").content.decode()
    assert "A facilitator has been alerted" in home and reverse("resources:crisis") in home
    assert "A facilitator has been alerted" not in client_for(bob).get("/").content.decode()
    client_for(alice).get(reverse("safety:my_notices"))
    assert "A facilitator has been alerted" not in client_for(alice).get("/").content.decode()


def test_a_second_missed_message_adds_to_the_open_alert_and_does_not_pile_up_unread_notices(
    settings: Any, sharing: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SECOND_LOOK = "now"
    with django_capture_on_commit_callbacks(execute=True):
        room_actions.send_message(alice, sharing, "c1", IMPLICIT_CRISIS)
        room_actions.send_message(alice, sharing, "c2", IMPLICIT_CRISIS + " Sorry for going on.")
    assert CrisisAlert.objects.filter(member=alice).count() == 1
    assert Notice.objects.filter(user=alice, read_at__isnull=True).count() == 1
    # Once read, the next such message tells them again.
    client_for(alice).get(reverse("safety:my_notices"))
    with django_capture_on_commit_callbacks(execute=True):
        room_actions.send_message(alice, sharing, "c3", IMPLICIT_CRISIS + " Thank you all.")
    assert Notice.objects.filter(user=alice, read_at__isnull=True).count() == 1


def test_a_thread_post_the_second_look_flags_tells_its_author_even_with_an_alert_open(
    settings: Any, sharing: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The issue's case: an alert about alice was already open, so the second look folded her
    thread post into it and she was told nothing."""
    settings.SECOND_LOOK = "now"
    with django_capture_on_commit_callbacks(execute=True):
        room_actions.send_message(alice, sharing, "c1", "I don't want to be here any more")
    assert (
        CrisisAlert.objects.filter(member=alice).exists()
        and not Notice.objects.filter(user=alice).exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        room_actions.create_thread(alice, sharing, "A long week", IMPLICIT_CRISIS)
    assert CrisisAlert.objects.filter(member=alice).count() == 1
    notice = Notice.objects.get(user=alice)
    assert (
        notice.url == reverse("resources:crisis")
        and "A facilitator has been alerted" in notice.text
    )


def test_everyday_messages_in_a_room_raise_nothing(
    settings: Any, sharing: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SECOND_LOOK = "now"
    with django_capture_on_commit_callbacks(execute=True):
        for i, text in enumerate(EVERYDAY):
            room_actions.send_message(alice, sharing, f"e{i}", text)
    assert not CrisisAlert.objects.exists() and not Notice.objects.exists()


def test_off_means_off(
    settings: Any, sharing: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SECOND_LOOK = "off"
    with django_capture_on_commit_callbacks(execute=True):
        room_actions.send_message(alice, sharing, "c1", IMPLICIT_CRISIS)
    assert not CrisisAlert.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_embedded_mode_looks_on_a_background_thread(
    settings: Any, group: Any, alice: Any, mo: Any
) -> None:
    """The demo's default: posting returns at once; the look runs on one background thread."""
    settings.SECOND_LOOK = "background"
    settings.TASK_QUEUE = "in-process"
    join(alice, group, share=True)
    room_actions.send_message(alice, group, "c1", IMPLICIT_CRISIS)
    done = threading.Event()
    actions._second_look_pool().submit(done.set)  # one worker: this runs after the look
    assert done.wait(60)
    alert = CrisisAlert.objects.get(member=alice, group=group)
    assert "crisis second look" in alert.reasons


def test_the_notice_speaks_the_members_language(
    settings: Any, sharing: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SECOND_LOOK = "now"
    alice.ui_language = "es"
    alice.save(update_fields=["ui_language"])
    with django_capture_on_commit_callbacks(execute=True):
        room_actions.send_message(alice, sharing, "c1", IMPLICIT_CRISIS)
    assert "líneas de crisis" in Notice.objects.get(user=alice).text


def test_only_messages_it_would_read_are_queued(group: Any, alice: Any) -> None:
    """The inline screen decides: greetings and thanks never reach the background thread."""
    from alongside.safety.screening import screen

    assert not screen("good morning everyone, thanks for yesterday", alice, group).second_look
    assert screen(IMPLICIT_CRISIS, alice, group).second_look
    assert screen("i just feel so hopeless", alice, group).second_look  # short, but a risk word
    assert not screen("i want to kill myself tonight", alice, group).second_look  # already a crisis
