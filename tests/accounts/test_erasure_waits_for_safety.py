"""Erasing an account while its member has an open crisis alert waits for the alert: the member
is told why and until when, everything else goes at once, staff keep a way to reach them, and the
erasure completes when the alert is resolved (within 30 days at the latest)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone

from alongside.accounts.actions import ERASURE_DEADLINE, finish_deferred_erasures
from alongside.accounts.models import User
from alongside.groups.models import Membership
from alongside.journal.actions import save_entry
from alongside.journal.models import JournalEntry
from alongside.rooms import actions as room_actions
from alongside.rooms.models import ThreadPost
from alongside.safety.models import AlertNote, CrisisAlert
from tests.conftest import PASSWORD, client_for, join

CRY = "I can't do this anymore, I want to end my life tonight"


def _alice_in_crisis(
    group: Any, alice: Any, on_commit: Any
) -> tuple[ThreadPost, ThreadPost, CrisisAlert]:
    join(alice, group, share=True)
    _thread, ordinary, _v = room_actions.create_thread(
        alice, group, "Hello", "a quiet week, thank you all"
    )
    with on_commit(execute=True):
        _thread2, worrying, _v = room_actions.create_thread(alice, group, "Tonight", CRY)
    save_entry(alice, client_token=uuid.uuid4(), body="my private thoughts")
    alert = CrisisAlert.objects.get(member=alice)
    assert alert.source == "thread_post" and alert.object_id == worrying.pk
    return ordinary, worrying, alert


def test_erasure_during_an_open_alert_is_deferred_then_completed_when_it_is_resolved(
    group: Any, alice: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ordinary, worrying, alert = _alice_in_crisis(group, alice, django_capture_on_commit_callbacks)
    alert_page = reverse("safety:alert", args=[alert.pk])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(reverse("accounts:my_data"), {"handle": "alice"})
    # The member is told why and when, on the page and by e-mail.
    [told] = [str(m) for m in get_messages(response.wsgi_request)]
    deadline = timezone.now() + ERASURE_DEADLINE
    assert "following up on a recent message of yours" in told
    assert f"on {formats.date_format(deadline, 'DATE_FORMAT')} at the latest" in told
    [email] = [m for m in mail.outbox if m.to == ["alice@example.org"]]
    assert "following up on a recent message" in email.body and str(deadline.year) in email.body
    assert not client_for(alice).login(email="alice@example.org", password=PASSWORD)

    # Everything else of hers is gone now; staff can still reach her.
    waiting = User.objects.get(pk=alice.pk)
    assert not waiting.is_active and waiting.erased_at is None
    assert (waiting.email, waiting.handle) == ("alice@example.org", "alice")
    assert not JournalEntry.objects.filter(author=alice).exists()
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.LEFT
    assert ThreadPost.objects.get(pk=ordinary.pk).text == ""
    assert ThreadPost.objects.get(pk=worrying.pk).text == CRY  # what the alert is about
    assert ThreadPost.objects.get(pk=worrying.pk).visibility == "hidden"
    page = client_for(fay).get(alert_page).content.decode()
    assert "alice@example.org" in page and "asked for their account to be erased" in page
    assert CRY.replace("'", "&#x27;") in page
    assert any(
        "asked for their account to be erased" in n.text
        for n in AlertNote.objects.filter(alert=alert)
    )

    # Resolving the alert completes the erasure.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(fay).post(
            reverse("safety:alert_action", args=[alert.pk, "resolve"]),
            {"note": "Spoke by e-mail; she is safe and with family."},
        )
    erased = User.objects.get(pk=alice.pk)
    assert (
        erased.erased_at is not None
        and erased.email.endswith("@erased.invalid")
        and erased.handle != "alice"
    )
    assert ThreadPost.objects.get(pk=worrying.pk).text == ""
    page = client_for(fay).get(alert_page).content.decode()
    assert "erased.invalid" not in page and "account was erased at their request" in page


def test_another_open_alert_keeps_it_waiting_and_thirty_days_is_the_limit(
    group: Any, alice: Any, fay: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ordinary, _worrying, in_group = _alice_in_crisis(
        group, alice, django_capture_on_commit_callbacks
    )
    from alongside.safety.actions import raise_crisis_alert, resolve_alert

    elsewhere = raise_crisis_alert(alice, level="high", group=None, source="phq9", object_id=1)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(alice).post(reverse("accounts:my_data"), {"handle": "alice"})
    with django_capture_on_commit_callbacks(execute=True):
        resolve_alert(fay, in_group, "Talked with her.")
    assert User.objects.get(pk=alice.pk).erased_at is None  # the questionnaire alert is still open
    assert CrisisAlert.objects.get(pk=elsewhere.pk).is_open

    assert finish_deferred_erasures(timezone.now() + ERASURE_DEADLINE - timedelta(minutes=1)) == 0
    assert finish_deferred_erasures(timezone.now() + ERASURE_DEADLINE + timedelta(minutes=1)) == 1
    erased = User.objects.get(pk=alice.pk)
    assert erased.erased_at is not None and erased.email.endswith("@erased.invalid")


def test_without_an_open_alert_erasure_is_immediate(
    group: Any, alice: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ordinary, _worrying, alert = _alice_in_crisis(group, alice, django_capture_on_commit_callbacks)
    from alongside.safety.actions import resolve_alert

    resolve_alert(fay, alert, "Checked in; she is doing better.")
    client_for(alice).post(reverse("accounts:my_data"), {"handle": "alice"})
    assert User.objects.get(pk=alice.pk).erased_at is not None
