"""The audit log lives in core: entries written before the move are still there after it, and
the log can only be read, never edited."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alongside.core.audit import record_audit_event
from alongside.core.models import AuditEntry
from tests.conftest import client_for

SAFETY_BEFORE = ("safety", "0002_crisisalert_alertnote_notice_restriction_sanction_and_more")


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_an_entry_written_before_the_move_is_read_after_it(
    group: Any, alice: Any, fay: Any
) -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([SAFETY_BEFORE, ("core", None)])
    old_apps = MigrationExecutor(connection).loader.project_state([SAFETY_BEFORE]).apps
    OldEntry = old_apps.get_model("safety", "AuditEntry")
    old = OldEntry.objects.create(
        actor_id=fay.pk,
        action="safety.alert.read_notes",
        subject_user_id=alice.pk,
        group_id=group.pk,
        details={"alert": 7},
    )
    _migrate(latest)

    entry = AuditEntry.objects.get(pk=old.pk)
    assert (entry.actor, entry.subject_user, entry.group_id) == (fay, alice, group.pk)
    assert entry.action == "safety.alert.read_notes" and entry.details == {"alert": 7}
    # New entries go on in the same table.
    newer = record_audit_event(fay, "group.view_consent_records", group=group)
    assert list(AuditEntry.objects.filter(group_id=group.pk).order_by("pk")) == [entry, newer]


def test_entries_cannot_be_changed_or_deleted(alice: Any) -> None:
    entry = record_audit_event(None, "account.erased", subject_user=alice)
    entry.action = "something else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_admin_shows_the_log_read_only(ada: Any, alice: Any) -> None:
    entry = record_audit_event(None, "account.erased", subject_user=alice)
    client = client_for(ada)
    listing = client.get("/admin/core/auditentry/").content.decode()
    assert "account.erased" in listing and "Add audit entry" not in listing
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    assert (
        client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
