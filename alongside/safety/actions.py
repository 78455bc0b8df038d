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


def respond_to_screened_content(
    *, source: str, object_id: int, author: Any, group: Any, verdict: Any
) -> None:
    """After a screened item is stored: raise crisis alerts, queue held items. Filled by Safety."""
    return None


def raise_crisis_alert(
    member: Any,
    *,
    level: str,
    group: Any = None,
    source: str = "",
    object_id: int | None = None,
    summary: str = "",
) -> Any:
    """Alert the group's facilitators and on-call moderators that a member may be in crisis.

    Callers: screened messages (via respond_to_screened_content) and PHQ-9 item 9 (outcomes).
    Filled by Safety; until then it writes an audit entry so nothing is silently dropped.
    """
    return record_audit_event(None, "safety.crisis_alert", subject_user=member, group=group,
                              level=level, source=source, object_id=object_id)
