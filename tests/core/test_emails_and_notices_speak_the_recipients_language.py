"""E-mails and notices are written in the language of the person who receives them, whoever
(or whatever: a worker, a periodic job) caused them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from alongside.accounts.language import language_of
from alongside.groups import actions as group_actions
from alongside.meetings.models import SentReminder
from alongside.meetings.tasks import send_reminder
from alongside.outcomes import actions as outcome_actions
from alongside.safety import actions as safety_actions
from alongside.safety.models import Notice
from tests.conftest import join, make_user


@pytest.fixture(autouse=True)
def _an_english_actor() -> Any:
    # Whoever acts (a moderator, a facilitator, a worker) has English active.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def luna(db: Any) -> Any:
    return make_user("luna", country="ES", languages="es,en", ui_language="es")


@pytest.fixture
def pablo(db: Any) -> Any:
    # "Use my browser's setting": no interface language stored, Spanish first in the profile.
    return make_user("pablo", country="MX", languages="es,en", ui_language="")


def test_the_recipients_language_is_their_choice_then_their_profile_then_the_default(
    luna: Any, pablo: Any, alice: Any
) -> None:
    assert language_of(luna) == "es"
    assert language_of(pablo) == "es"
    assert language_of(alice) == "en"
    assert language_of(make_user("ines", languages="fr,es")) == "es"  # French is not shipped
    assert language_of(make_user("olu", languages="yo")) == "en"


def test_a_moderators_decision_reaches_a_spanish_member_in_spanish(
    luna: Any, group: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(luna, group, share=True)
    with django_capture_on_commit_callbacks(execute=True):
        safety_actions.apply_sanction(mo, luna, group, "warn", "insultos")
    notice = Notice.objects.get(user=luna)
    assert notice.text.startswith(
        "Un moderador/a te hizo una advertencia sobre uno de tus mensajes."
    )
    assert "insultos" in notice.text
    assert [m.subject for m in mail.outbox] == ["Una decisión de moderación sobre ti"]
    assert translation.get_language() == "en"  # the moderator's own language is left as it was


def test_a_reporter_hears_the_outcome_in_their_language(
    luna: Any, alice: Any, group: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(luna, group, share=True)
    join(alice, group, share=True)
    from alongside.rooms import actions as room_actions

    stored = room_actions.send_message(alice, group, "m1", "an ordinary message")
    item = safety_actions.report_content(
        luna, "room_message", stored.message_id, "no me parece bien"
    )
    with django_capture_on_commit_callbacks(execute=True):
        safety_actions.decide_item(fay, item, "approve", "")
    assert Notice.objects.get(user=luna).text.startswith("Gracias por tu reporte.")
    assert Notice.objects.filter(user=alice).count() == 0


def test_staff_get_crisis_alerts_each_in_their_own_language(
    luna: Any, group: Any, fay: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rocio = make_user("rocio", is_moderator=True, is_on_call=True, ui_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        safety_actions.raise_crisis_alert(
            luna, level="high", group=group, source="test", object_id=1
        )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[rocio.email].startswith("Alerta de crisis (")
    assert subjects[mo.email].startswith("Crisis alert (") and subjects[fay.email].startswith(
        "Crisis alert ("
    )


def test_a_member_removed_by_an_english_facilitator_is_told_in_spanish(
    pablo: Any, group: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(pablo, group)
    with django_capture_on_commit_callbacks(execute=True):
        group_actions.remove_member(fay, group, pablo.pk, "spam")
    message = mail.outbox[-1]
    assert message.subject == f"Sobre tu participación en {group.name}"
    assert "spam" in message.body and "removed you" not in message.body


def test_a_waitlist_offer_goes_out_in_the_waiting_persons_language(
    luna: Any, alice: Any, group: Any, django_capture_on_commit_callbacks: Any
) -> None:
    group.capacity = 2  # fay and alice
    group.save(update_fields=["capacity"])
    join(alice, group)
    group_actions.join_waitlist(luna, group)
    with django_capture_on_commit_callbacks(execute=True):
        group_actions.leave_group(alice, group)
    assert [m.subject for m in mail.outbox if m.to == [luna.email]] == [
        f"Hay una plaza libre en {group.name}"
    ]


def test_the_periodic_check_in_reminder_is_in_the_members_language(
    pablo: Any, alice: Any, group: Any
) -> None:
    join(pablo, group)
    join(alice, group)
    later = timezone.now() + timedelta(days=1)
    assert outcome_actions.send_outcome_reminders(now=later, base_url="https://example.org") == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person[pablo.email].subject == "Tienes un registro listo para cuando quieras"
    assert by_person[pablo.email].body.startswith("Hola, pablo:")
    assert by_person[alice.email].subject == "A check-in is ready when you are"


def test_a_meeting_reminder_from_the_worker_is_in_the_members_language(
    pablo: Any, group: Any, fay: Any, settings: Any
) -> None:
    from tests.meetings.conftest import IMMEDIATE, meeting_at

    settings.TASKS = IMMEDIATE
    join(pablo, group)
    meeting = meeting_at(
        group,
        fay,
        timezone.now() + timedelta(minutes=50),
        title="Círculo",
        tz="America/Mexico_City",
    )
    assert send_reminder(meeting, pablo, SentReminder.Kind.HOUR)
    assert mail.outbox[-1].subject.startswith(
        "[Alongside] Recordatorio: «Círculo» empieza dentro de una hora"
    )
