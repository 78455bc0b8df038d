"""Reports, the moderation queue, mutes, suspensions and appeals."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from alongside.core.audit import record_audit_event
from alongside.core.models import AuditEntry
from alongside.groups import access
from alongside.groups.models import Membership
from alongside.safety import actions
from alongside.safety.models import Appeal, Notice, QueueItem, Sanction
from alongside.safety.screening import screen
from tests.conftest import client_for, join


@pytest.fixture
def members(group: Any, alice: Any, bob: Any) -> Any:
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


def _report(client: Any, pk: int, reason: str = "It was unkind") -> Any:
    return client.post(
        reverse("safety:report"),
        {"source": "test_post", "object_id": pk, "reason": reason, "next": "/groups/"},
    )


def test_a_member_reports_and_is_told_the_outcome(
    store: Any,
    members: Any,
    alice: Any,
    bob: Any,
    fay: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    pk = store.add(members, bob, "you people are all losers")
    response = _report(client_for(alice), pk)
    assert response.status_code == 302
    item = QueueItem.objects.get(kind="report", object_id=pk)
    assert item.reporter == alice and item.author == bob

    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_item(fay, item, "warn", "Please be kind: insults break guideline 1.")
    assert store.items[pk]["visibility"] == "hidden"
    told = Notice.objects.get(user=alice)
    assert "warned its author" in told.text
    assert any(m.to == [alice.email] and "outcome of your report" in m.subject for m in mail.outbox)
    # The author sees the decision and the reason.
    author_notice = Notice.objects.get(user=bob)
    assert "Please be kind" in author_notice.text
    assert Sanction.objects.get(member=bob).kind == "warn"
    assert AuditEntry.objects.filter(actor=fay, action="safety.decide.warn").exists()


def test_a_member_cannot_report_what_they_cannot_see(
    store: Any, group: Any, alice: Any, bob: Any, fay: Any
) -> None:
    join(bob, group, share=True)
    pk = store.add(group, bob, "hello")
    _report(client_for(alice), pk)  # alice is not a member
    assert not QueueItem.objects.exists()


def test_a_report_needs_a_reason(store: Any, members: Any, alice: Any, bob: Any) -> None:
    pk = store.add(members, bob, "hello")
    _report(client_for(alice), pk, reason="  ")
    assert not QueueItem.objects.exists()


def test_abuse_is_held_and_the_author_told_why(
    store: Any, members: Any, bob: Any, fay: Any
) -> None:
    verdict = screen("kys nobody wants you here", bob, members)
    assert verdict.visibility == "held" and verdict.abuse
    assert "isn't shown to others" in verdict.author_notice
    pk = store.add(members, bob, "kys nobody wants you here")
    actions.respond_to_screened_content(
        source="test_post", object_id=pk, author=bob, group=members, verdict=verdict
    )
    item = QueueItem.objects.get(kind="held", object_id=pk)
    page = client_for(fay).get(reverse("safety:item", args=[item.pk])).content.decode()
    assert "kys nobody wants you here" in page


def test_private_information_warns_but_posts_except_in_youth_groups(
    group: Any, youth_group: Any, alice: Any, tess: Any
) -> None:
    adult = screen("text me on 07700 900123", alice, group)
    assert adult.visibility == "visible" and adult.pii == ("PHONE",)
    assert "you can edit or remove it" in adult.author_notice
    youth = screen("text me on 07700 900123", tess, youth_group)
    assert youth.visibility == "held"


def test_a_muted_member_cannot_post_until_the_mute_ends(
    store: Any, members: Any, bob: Any, fay: Any
) -> None:
    pk = store.add(members, bob, "shut up already")
    item = actions.report_content(fay, "test_post", pk, "rude")
    assert access.post_decision(bob, members)
    actions.decide_item(fay, item, "mute", "Cooling-off after repeated rudeness.", mute_minutes=60)
    decision = access.post_decision(bob, members)
    assert not decision
    assert "muted you in this group" in decision.reason and "Cooling-off" in decision.reason


def test_a_suspended_member_cannot_post_anywhere(
    store: Any, members: Any, bob: Any, mo: Any, fay: Any
) -> None:
    pk = store.add(members, bob, "threat")
    item = actions.report_content(fay, "test_post", pk, "threat")
    with pytest.raises(actions.SafetyActionError):
        actions.decide_item(fay, item, "suspend", "Threats")  # facilitators cannot suspend
    actions.decide_item(mo, item, "suspend", "Threatened another member.")
    decision = access.post_decision(bob, members)
    assert not decision and "suspended" in decision.reason


def test_remove_from_group_uses_the_groups_action(
    store: Any, members: Any, bob: Any, fay: Any
) -> None:
    pk = store.add(members, bob, "spam")
    item = actions.report_content(fay, "test_post", pk, "spam")
    actions.decide_item(fay, item, "remove", "Advertising is not allowed.")
    assert Membership.objects.get(user=bob, group=members).status == Membership.Status.REMOVED


def test_an_appeal_is_recorded_and_reviewed(
    store: Any, members: Any, bob: Any, fay: Any, mo: Any
) -> None:
    pk = store.add(members, bob, "hmm")
    item = actions.report_content(fay, "test_post", pk, "rude")
    actions.decide_item(fay, item, "mute", "Rude reply.", mute_minutes=24 * 60)
    sanction = Sanction.objects.get(member=bob)
    response = client_for(bob).post(
        reverse("safety:appeal", args=[sanction.pk]), {"text": "I was quoting someone else."}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(sanction=sanction)
    assert appeal.text == "I was quoting someone else." and appeal.status == "open"
    assert AuditEntry.objects.filter(actor=bob, action="safety.appeal").exists()
    page = client_for(mo).get(reverse("safety:dashboard")).content.decode()
    assert "I was quoting someone else." in page

    client_for(mo).post(
        reverse("safety:appeal_review", args=[appeal.pk]),
        {"outcome": "overturned", "note": "You were quoting; sorry."},
    )
    appeal.refresh_from_db()
    assert appeal.status == "overturned"
    assert access.post_decision(bob, members)  # the mute is lifted
    assert "overturned" in Notice.objects.filter(user=bob).first().text  # type: ignore[union-attr]


def test_approving_a_held_message_shows_it(store: Any, members: Any, bob: Any, fay: Any) -> None:
    pk = store.add(members, bob, "borderline")
    store.items[pk]["visibility"] = "held"
    item = actions.hold_content(
        source="test_post", object_id=pk, author=bob, group=members, reasons=["abuse classifier"]
    )
    client_for(fay).post(
        reverse("safety:item_decide", args=[item.pk]), {"decision": "approve", "reason": ""}
    )
    assert store.items[pk]["visibility"] == "visible"
    item.refresh_from_db()
    assert item.status == "done" and item.decided_by == fay


def test_a_decision_needs_a_reason(store: Any, members: Any, bob: Any, fay: Any) -> None:
    pk = store.add(members, bob, "x")
    item = actions.report_content(fay, "test_post", pk, "rude")
    client_for(fay).post(
        reverse("safety:item_decide", args=[item.pk]), {"decision": "hide", "reason": ""}
    )
    item.refresh_from_db()
    assert item.status == "open" and store.items[pk]["visibility"] == "visible"


def test_audit_entries_cannot_be_changed(group: Any, alice: Any) -> None:
    entry = record_audit_event(None, "test", subject_user=alice)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
