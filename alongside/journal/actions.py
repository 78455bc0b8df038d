"""State changes of the journal."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from alongside.journal.models import JournalEntry
from alongside.safety.actions import SafetyActionError, request_check_in
from alongside.safety.screening import screen

MAX_LENGTH = 50_000


class JournalError(Exception):
    pass


@transaction.atomic
def save_entry(
    author: Any, *, client_token: uuid.UUID, body: str, prompt_key: str = ""
) -> tuple[JournalEntry, Any]:
    """Create or update the entry with this token (idempotent), and screen it privately.

    Returns the entry and the screening verdict: a journal is private, so a worrying entry alerts
    nobody; the writer alone is shown crisis resources.
    """

    body = body.strip()
    if not body:
        raise JournalError(_("There's nothing to save yet."))
    if len(body) > MAX_LENGTH:
        raise JournalError(
            _("Entries can be up to %(n)s characters. Please split this one in two.")
            % {"n": MAX_LENGTH}
        )
    entry, _created = JournalEntry.objects.update_or_create(
        author=author, client_token=client_token, defaults={"body": body, "prompt_key": prompt_key}
    )
    return entry, screen(body, author, None)


def delete_entry(author: Any, entry_id: int) -> None:
    JournalEntry.objects.filter(author=author, pk=entry_id).delete()


def ask_for_check_in(author: Any, message: str = "") -> Any:
    """The writer asks someone to check in with them. Only their short message goes with it: the
    journal itself stays private (safety.actions.request_check_in)."""
    try:
        return request_check_in(author, message, source="journal")
    except SafetyActionError as exc:
        raise JournalError(str(exc)) from exc
