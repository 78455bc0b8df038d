"""The append-only audit log: every app writes to it through `record_audit_event`."""

from __future__ import annotations

from typing import Any

from alongside.core.models import AuditEntry


def record_audit_event(
    actor: Any,
    action: str,
    *,
    subject_user: Any = None,
    group: Any = None,
    **details: Any,
) -> AuditEntry:
    """Write one entry. `actor` is who did it (None or an anonymous user: the system); `group`
    is a group or its id; `details` must be JSON-serialisable."""
    group_id = group if isinstance(group, int) or group is None else group.pk
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        subject_user=subject_user,
        group_id=group_id,
        details=details,
    )
