"""A worrying journal entry: crisis lines, the plain truth that nobody has been told, and one button
to ask for a check-in that shares only what the writer chooses to."""

from __future__ import annotations

import uuid
from typing import Any

from django.core import mail
from django.urls import reverse

from alongside.core.models import AuditEntry
from alongside.safety.models import AlertNote, CrisisAlert
from tests.conftest import client_for

WORRYING = "I want to kill myself tonight, I have the pills ready"


def write(client: Any, body: str) -> Any:
    return client.post(
        reverse("journal:write"),
        {"client_token": str(uuid.uuid4()), "body": body, "prompt_key": "free"},
    )


def test_a_worrying_entry_says_nobody_has_been_told_and_offers_a_check_in(alice: Any) -> None:
    page = write(client_for(alice), WORRYING).content.decode()
    assert "Samaritans" in page and "116 123" in page
    assert "Your journal is private: nobody has been told." in page
    assert "has been alerted" not in page and "waiting for a moderator" not in page
    assert "Ask for a check-in" in page and reverse("journal:check_in") in page
    assert not CrisisAlert.objects.exists()


def test_an_everyday_entry_offers_no_check_in(alice: Any) -> None:
    response = write(client_for(alice), "A good walk by the river today.")
    assert response.status_code == 302
    assert "Ask for a check-in" not in client_for(alice).get(response["Location"]).content.decode()


def test_asking_for_a_check_in_alerts_on_call_moderators_with_only_the_typed_message(
    alice: Any, mo: Any, fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = client_for(alice)
    write(c, WORRYING)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("journal:check_in"), {"message": "Evenings are the worst. Please message me."}
        )
    assert response.status_code == 302 and response["Location"] == reverse("journal:index")
    assert "Your journal has not been shared" in c.get(response["Location"]).content.decode()

    alert = CrisisAlert.objects.get(member=alice)
    assert alert.group is None and alert.level == "high" and alert.source == "journal"
    assert [n.text for n in AlertNote.objects.filter(alert=alert)] == [
        "Evenings are the worst. Please message me."
    ]
    # Nothing of the entry travels with it: not in the alert, its notes, the audit log or e-mails.
    stored = [
        alert.summary,
        *alert.reasons,
        *(str(e.details) for e in AuditEntry.objects.all()),
        *(m.subject + m.body for m in mail.outbox),
    ]
    assert not any("pills" in s or "kill myself" in s for s in stored)
    assert [m.to for m in mail.outbox] == [
        [mo.email]
    ]  # the on-call moderator; no group, so no facilitator

    page = client_for(mo).get(reverse("safety:alert", args=[alert.pk])).content.decode()
    assert "Evenings are the worst. Please message me." in page and "check-in" in page
    assert (
        client_for(fay).get(reverse("safety:alert", args=[alert.pk])).status_code == 404
    )  # not theirs: as if missing


def test_a_check_in_without_a_message_still_reaches_someone(alice: Any, mo: Any) -> None:
    client_for(alice).post(reverse("journal:check_in"), {"message": "  "})
    alert = CrisisAlert.objects.get(member=alice)
    assert not AlertNote.objects.filter(alert=alert).exists()
    assert AuditEntry.objects.filter(
        action="safety.check_in_requested", subject_user=alice
    ).exists()


def test_a_message_that_is_too_long_is_refused_and_kept(alice: Any) -> None:
    response = client_for(alice).post(reverse("journal:check_in"), {"message": "x" * 501})
    assert response.status_code == 400
    page = response.content.decode()
    assert "500 characters or fewer" in page and "x" * 501 in page
    assert not CrisisAlert.objects.exists()


def test_asking_twice_adds_to_the_open_check_in(alice: Any, mo: Any) -> None:
    c = client_for(alice)
    c.post(reverse("journal:check_in"), {"message": "first"})
    c.post(reverse("journal:check_in"), {"message": "still here"})
    alert = CrisisAlert.objects.get(member=alice)
    assert {n.text for n in AlertNote.objects.filter(alert=alert, kind="note")} == {
        "first",
        "still here",
    }


def test_the_journal_copy_is_in_spanish_too(alice: Any) -> None:
    alice.ui_language = "es"
    alice.save(update_fields=["ui_language"])
    page = write(client_for(alice), WORRYING).content.decode()
    assert "Tu diario es privado: no se ha avisado a nadie." in page
    assert "Pedir que alguien me contacte" in page
