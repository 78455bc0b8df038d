"""State changes of the safety app. Every staff read of sensitive data is audited here."""

from __future__ import annotations

from typing import Any

from alongside.safety.models import AuditEntry


def record_audit_event(
    actor: Any,
    action: str,
    *,
    subject_user: Any = None,
    group: Any = None,
    **details: Any,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_user=subject_user,
        group=group,
        details=details,
    )
