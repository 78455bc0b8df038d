"""The data download includes a person's safety records — reports they made, reports and holds
about their writing, sanctions, mutes, appeals, notices, crisis alerts — and what the audit log
holds about them. Erasure blanks their words (report reasons, appeal texts, alert summaries and
notes), deletes their notices, and pseudonymises the audit log, keeping the facts staff need: a
decision was made, when, and by whom (issue 13, finding 6)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from alongside.accounts.actions import erase_account
from alongside.core.audit import record_audit_event
from alongside.core.models import AuditEntry
from alongside.safety import actions
from alongside.safety.models import (
    AlertNote,
    Appeal,
    CrisisAlert,
    Notice,
    QueueItem,
    Restriction,
    Sanction,
)
from tests.conftest import client_for, join

BOBS_WORDS = "I only shared my own street, 12 Elm Road, please undo this"


@pytest.fixture
def history(store: Any, group: Any, alice: Any, bob: Any, fay: Any, mo: Any) -> dict[str, Any]:
    """Bob's safety history: reported by alice, warned, muted, appealed; he reported alice; a
    crisis alert about him was raised and resolved; staff searched the audit log for him."""
    join(alice, group, share=True)
    join(bob, group, share=True)
    bobs_post = store.add(group, bob, "my address is 12 Elm Road")
    alices_post = store.add(group, alice, "bob lives near me")
    report = actions.report_content(alice, "test_post", bobs_post, "He posted his home address")
    bobs_report = actions.report_content(bob, "test_post", alices_post, "She says where I live")
    actions.decide_item(fay, report, "warn", "Please keep addresses private.")
    mute = actions.apply_sanction(fay, bob, group, "mute", "Cooling off", mute_minutes=60)
    appeal = actions.appeal_sanction(bob, Sanction.objects.get(member=bob, kind="warn"), BOBS_WORDS)
    actions.review_appeal(mo, appeal, "upheld", "Addresses stay private, even your own.")
    alert = actions.raise_crisis_alert(
        bob, level="concern", group=group, summary="bob said he feels hopeless"
    )
    actions.add_alert_note(mo, alert, "Called bob, he is safe with his sister")
    actions.resolve_alert(mo, alert, "Bob is safe")
    record_audit_event(mo, "safety.audit.view", filters={"q": "bob", "email": "bob@example.org"})
    return {
        "report": report,
        "bobs_report": bobs_report,
        "appeal": appeal,
        "alert": alert,
        "mute": mute,
    }


def test_the_download_has_a_safety_section_and_the_audit_log_about_them(
    history: Any, bob: Any
) -> None:
    response = client_for(bob).get(reverse("accounts:download_my_data"))
    data = json.loads(response.content)
    safety = data["safety"]
    assert [r["reason"] for r in safety["reports_you_made"]] == ["She says where I live"]
    [about] = safety["reports_and_holds_about_your_writing"]
    assert (
        about["decision"] == "warn" and about["decision_reason"] == "Please keep addresses private."
    )
    assert [a["text"] for a in safety["appeals"]] == [BOBS_WORDS]
    assert safety["appeals"][0]["status"] == "upheld"
    assert {s["kind"] for s in safety["sanctions"]} == {"warn", "mute"}
    assert [r["kind"] for r in safety["restrictions"]] == ["mute"]
    assert any("Please keep addresses private" in n["text"] for n in safety["notices"])
    [alert] = safety["crisis_alerts_about_you"]
    assert alert["status"] == "resolved" and alert["staff_notes"] >= 1
    actions_about_bob = {e["action"] for e in data["audit"]}
    assert {
        "safety.report",
        "safety.decide.warn",
        "safety.appeal",
        "safety.appeal.upheld",
    } <= actions_about_bob
    # Who reported him is not revealed: by kind only, and alice's words are not in his download.
    assert {e["by"] for e in data["audit"] if e["action"] == "safety.report"} == {
        "you",
        "another member",
    }
    assert "He posted his home address" not in response.content.decode()
    assert '"alice"' not in response.content.decode()


def test_erasure_blanks_their_words_and_pseudonymises_the_audit_log_keeping_the_facts(
    history: Any, bob: Any, fay: Any, mo: Any
) -> None:
    erase_account(bob, confirm_handle="bob")

    report = QueueItem.objects.get(pk=history["report"].pk)
    assert report.reason == ""  # what alice said about him
    assert (report.decision, report.decided_by, report.decided_at is not None) == (
        "warn",
        fay,
        True,
    )
    assert QueueItem.objects.get(pk=history["bobs_report"].pk).reason == ""  # what he wrote
    appeal = Appeal.objects.get(pk=history["appeal"].pk)
    assert appeal.text == "" and appeal.status == "upheld" and appeal.reviewed_by == mo
    assert appeal.review_note  # staff's reason for their decision stays
    assert Sanction.objects.filter(member=bob).count() == 2
    assert Restriction.objects.filter(user=bob).exists()
    assert not Notice.objects.filter(user=bob).exists()
    alert = CrisisAlert.objects.get(pk=history["alert"].pk)
    assert alert.summary == "" and alert.reasons == [] and alert.resolved_by == mo
    assert all(note.text == "" for note in AlertNote.objects.filter(alert=alert))

    # The audit log keeps every entry, but no longer names him.
    entries = AuditEntry.objects.all()
    assert entries.filter(action="safety.decide.warn", actor=fay, subject_user=bob).exists()
    assert not [
        e.details for e in entries if "bob" in json.dumps(e.details).replace("former-member", "")
    ]
    search = entries.get(action="safety.audit.view")
    assert search.details == {
        "filters": {"q": f"former-member-{bob.pk}", "email": f"former-member-{bob.pk}"}
    }
    done = entries.get(action="audit.pseudonymised")
    assert done.subject_user_id == bob.pk and done.details["entries"] >= 1


def test_erasure_keeps_other_peoples_audit_entries_that_merely_contain_the_handle_as_part_of_a_word(
    history: Any, bob: Any, mo: Any
) -> None:
    record_audit_event(mo, "safety.audit.view", filters={"q": "bobcat"})
    erase_account(bob, confirm_handle="bob")
    assert AuditEntry.objects.filter(
        action="safety.audit.view", details__filters__q="bobcat"
    ).exists()
