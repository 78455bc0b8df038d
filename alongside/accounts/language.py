"""The language to speak to one person in when there is no request to ask: e-mails, notices
written by a worker or a periodic job, or by someone else's action (a moderator's decision, a
facilitator's edit). Each recipient gets their own language, whoever caused the message.

Rule: the interface language they chose in their profile; failing that, the first language of
their profile that Alongside ships (their profile lists the languages they take part in, in their
order); failing that, the site default. A browser's Accept-Language is not stored, so a person on
"use my browser's setting" is spoken to in their profile's first shipped language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.utils import translation


def shipped_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def language_of(user: Any) -> str:
    """The shipped language code to use for this person (never empty)."""
    shipped = shipped_languages()
    chosen = (getattr(user, "ui_language", "") or "").strip().lower()
    if chosen in shipped:
        return chosen
    for code in getattr(user, "language_list", None) or []:
        code = code.strip().lower().split("-")[0]
        if code in shipped:
            return code
    return str(settings.LANGUAGE_CODE)


@contextmanager
def in_language_of(user: Any) -> Iterator[str]:
    """Render everything inside in this person's language (then restore the previous one)."""
    code = language_of(user)
    with translation.override(code):
        yield code
