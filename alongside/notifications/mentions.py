"""@handle mentions in a message's text (pure: no database)."""

from __future__ import annotations

import re

MAX_MENTIONS = 10  # per message: more is not a conversation

# A handle: 3–30 letters, digits, dots, dashes or underscores, starting with a letter or digit
# (accounts.models.HANDLE_VALIDATOR). Not inside an e-mail address or a word.
_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9_.-]{2,29})")


def mentioned_handles(text: str) -> list[str]:
    """The handles mentioned, lower-cased, in order, each once. A handle followed by sentence
    punctuation ("thanks @bob.") is read both with and without it; the database decides."""
    found: list[str] = []
    for match in _MENTION.finditer(text or ""):
        handle = match.group(1).lower()
        for candidate in (handle, handle.rstrip(".-_")):
            if len(candidate) >= 3 and candidate not in found:
                found.append(candidate)
        if len(found) >= MAX_MENTIONS * 2:
            break
    return found
