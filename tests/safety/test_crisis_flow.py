"""A crisis message, end to end: resources shown at once → alert → escalation after the timeout
→ acknowledgement, contact and resolution, every step time-stamped and audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from alongside.core.models import AuditEntry
from alongside.safety import actions
from alongside.safety.models import AlertNote, CrisisAlert
from alongside.safety.screening import screen
from tests.conftest import client_for, join, make_user


def _post(store: Any, author: Any, group: Any, text: str, capture: Any) -> tuple[Any, int]:
    verdict = screen(text, author, group)
    pk = store.add(group, author, text)
    with capture(execute=True):
        actions.respond_to_screened_content(
            source="test_post", object_id=pk, author=author, group=group, verdict=verdict
        )
    return verdict, pk


def test_a_crisis_message_is_posted_and_the_author_sees_lines_for_their_country(
    store: Any, group: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(alice, group, share=True)
    verdict, _pk = _post(
        store,
        alice,
        group,
        "I can't do this anymore, I want to kill myself tonight",
        django_capture_on_commit_callbacks,
    )
    assert verdict.visibility == "visible"
    assert verdict.crisis == "high"
    assert "facilitator has been alerted" in verdict.author_notice
    numbers = [r["numbers"] for r in verdict.resources]
    assert "116 123" in numbers  # alice is in GB: Samaritans
    assert "988" not in numbers
    assert verdict.resources[-1]["name"] == "Your local emergency number"


def test_a_us_member_gets_988(group: Any, bob: Any) -> None:
    verdict = screen("i just want to die", bob, group)
    assert [r["numbers"] for r in verdict.resources][0] == "988"


def test_method_detail_is_held_but_still_alerts(
    store: Any, group: Any, alice: Any, fay: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    verdict, pk = _post(
        store,
        alice,
        group,
        "how many paracetamol would it take to die",
        django_capture_on_commit_callbacks,
    )
    assert verdict.visibility == "held"
    assert verdict.resources
    assert CrisisAlert.objects.filter(member=alice, object_id=pk).exists()
    page = client_for(fay).get(reverse("safety:dashboard")).content.decode()
    assert "Held messages" in page and "method detail" in page


def test_alert_goes_to_facilitators_and_on_call_then_escalates_then_resolves(
    store: Any,
    group: Any,
    alice: Any,
    fay: Any,
    mo: Any,
    ada: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other_mod = make_user("mara", is_moderator=True)  # not on call: tier 2
    join(alice, group, share=True)
    _post(
        store, alice, group, "I'm going to kill myself tonight", django_capture_on_commit_callbacks
    )
    alert = CrisisAlert.objects.get(member=alice)
    assert alert.level == "high" and alert.tier == 1
    first = {m.to[0] for m in mail.outbox}
    assert first == {fay.email, mo.email}

    # Not yet: 4 minutes later nothing moves.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.escalate_crisis_alerts(now=alert.created_at + timedelta(minutes=4)) == []
    # After 5 minutes unacknowledged: the next tier (all moderators) is alerted.
    with django_capture_on_commit_callbacks(execute=True):
        escalated = actions.escalate_crisis_alerts(
            now=alert.created_at + timedelta(minutes=5, seconds=1)
        )
    assert [a.pk for a in escalated] == [alert.pk]
    alert.refresh_from_db()
    assert alert.tier == 2
    assert {m.to[0] for m in mail.outbox} == {mo.email, other_mod.email}
    assert "ESCALATED" in mail.outbox[0].subject
    # Running it again at once does not escalate twice.
    assert actions.escalate_crisis_alerts(now=alert.created_at + timedelta(minutes=6)) == []

    # The facilitator acknowledges, contacts alice and resolves; each step is time-stamped.
    t0 = alert.created_at
    actions.acknowledge_alert(fay, alert, now=t0 + timedelta(minutes=7))
    actions.record_contact(
        fay,
        alert,
        "Messaged alice privately; she is with her sister.",
        now=t0 + timedelta(minutes=9),
    )
    actions.resolve_alert(
        fay, alert, "Safety plan agreed; GP appointment tomorrow.", now=t0 + timedelta(minutes=30)
    )
    alert.refresh_from_db()
    assert alert.status == CrisisAlert.Status.RESOLVED
    assert alert.time_to_acknowledge == timedelta(minutes=7)
    assert alert.contacted_at == t0 + timedelta(minutes=9)
    # Escalation never touches an acknowledged alert.
    assert actions.escalate_crisis_alerts(now=t0 + timedelta(hours=2)) == []

    # Notes are encrypted at rest.
    note = AlertNote.objects.get(alert=alert, kind="resolved")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM safety_alertnote WHERE id = %s", [note.pk])
        raw = cursor.fetchone()[0]
    assert raw.startswith("fernet:") and "Safety plan" not in raw
    assert note.text == "Safety plan agreed; GP appointment tomorrow."

    actions_logged = set(
        AuditEntry.objects.filter(subject_user=alice).values_list("action", flat=True)
    )
    assert {
        "safety.crisis_alert",
        "safety.alert.escalate",
        "safety.alert.acknowledge",
        "safety.alert.contact",
        "safety.alert.resolve",
    } <= actions_logged


def test_time_to_acknowledge_is_shown_and_reading_notes_is_audited(
    group: Any, alice: Any, fay: Any
) -> None:
    alert = actions.raise_crisis_alert(alice, level="concern", group=group, summary="test")
    actions.acknowledge_alert(fay, alert, now=alert.created_at + timedelta(minutes=3))
    page = client_for(fay).get(reverse("safety:alert", args=[alert.pk])).content.decode()
    assert "Time to acknowledge" in page and "3\xa0minutes" in page
    assert AuditEntry.objects.filter(actor=fay, action="safety.alert.read_notes").exists()


def test_a_second_message_adds_to_the_open_alert(group: Any, alice: Any) -> None:
    first = actions.raise_crisis_alert(alice, level="concern", group=group)
    second = actions.raise_crisis_alert(alice, level="high", group=group)
    assert first.pk == second.pk
    first.refresh_from_db()
    assert first.level == "high"


def test_an_alert_without_a_group_goes_to_on_call_moderators_only(
    alice: Any, fay: Any, mo: Any, group: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_user("mara", is_moderator=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.raise_crisis_alert(
            alice, level="high", group=None, source="phq9", summary="PHQ-9 item 9"
        )
    assert [m.to[0] for m in mail.outbox] == [mo.email]


def test_concern_alerts_wait_thirty_minutes(group: Any, alice: Any, fay: Any) -> None:
    alert = actions.raise_crisis_alert(alice, level="concern", group=group, now=timezone.now())
    assert actions.escalate_crisis_alerts(now=alert.created_at + timedelta(minutes=29)) == []
    assert len(actions.escalate_crisis_alerts(now=alert.created_at + timedelta(minutes=31))) == 1


def test_only_staff_of_the_group_can_handle_an_alert(group: Any, alice: Any, bob: Any) -> None:
    alert = actions.raise_crisis_alert(alice, level="high", group=group)
    with pytest.raises(actions.SafetyActionError):
        actions.acknowledge_alert(bob, alert)
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
