"""The append-only audit log: every app writes to it through `record_audit_event`."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast

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


def pseudonymise_person(person: Any, pseudonym: str, names: list[str]) -> int:
    """The one change the append-only log allows: when a person is erased, every entry by them,
    about them, or naming them keeps its facts (what was done, when, by whom, to which group) but
    no longer names them. Their account row itself becomes `pseudonym` (accounts erases it), so
    the actor and subject links stay and one person's entries still read as one person's.
    `names`: what identified them (their handle, e-mail) — replaced by `pseudonym` wherever it
    appears in an entry's details. Recorded as an audit event itself. Returns how many entries
    changed."""
    names = [n for n in names if n]
    about = Q(actor=person) | Q(subject_user=person)
    for name in names:
        about |= Q(details_text__icontains=name)
    changed = 0
    entries = AuditEntry.objects.annotate(details_text=Cast("details", TextField())).filter(about)
    for entry_id, details in entries.values_list("id", "details"):
        cleaned = _without_names(details, names, pseudonym)
        if cleaned != details:
            # A queryset update: AuditEntry.save refuses to change a stored entry, on purpose.
            AuditEntry.objects.filter(pk=entry_id).update(details=cleaned)
            changed += 1
    record_audit_event(None, "audit.pseudonymised", subject_user=person, entries=changed)
    return changed


def _without_names(value: Any, names: list[str], pseudonym: str) -> Any:
    if isinstance(value, str):
        for name in names:
            # As a whole word: erasing "sam" leaves "sample" alone.
            value = re.sub(
                rf"(?<![\w.@-]){re.escape(name)}(?![\w@-])", pseudonym, value, flags=re.IGNORECASE
            )
        return value
    if isinstance(value, dict):
        return {
            _without_names(k, names, pseudonym): _without_names(v, names, pseudonym)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_names(v, names, pseudonym) for v in value]
    return value
