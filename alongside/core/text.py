"""Text hygiene at the edge: what every text input passes before it reaches an action.

Two kinds of character can never be stored: NUL (PostgreSQL refuses it in text, and it would break
everyone else's messages in the same batch) and unpaired UTF-16 surrogates (`"\\ud800"` in JSON:
no valid UTF-8 encodes them, so the database driver, the sanitiser and the JSON encoder all fail
on them). Forms, query strings and the JSON API reject them with a clear message (see
alongside.core.middleware); the formatter and the room socket may strip them instead.

Also here: numbers from query strings with a range (a 4,400-digit `?before=` is not a number we
can use), and JSON parsing with a depth bound and no NaN/Infinity.

No database and no settings: safe to import from any layer, and from plain modules.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

# NUL, and any surrogate code point: a Python str holds a valid pair as one code point, so any
# surrogate left in a str is unpaired.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")

# The biggest id or sequence number a query string may carry (PostgreSQL's bigint).
MAX_QUERY_INT = 2**63 - 1
# JSON nested deeper than this is refused (the API's bodies are one or two levels deep).
MAX_JSON_DEPTH = 32

NUL_MESSAGE = _(
    "The text contains a NUL character (a zero byte), which can't be stored. Please remove it and try again."
)
SURROGATE_MESSAGE = _(
    "The text contains an incomplete character (an unpaired UTF-16 surrogate), which can't be stored. Please remove it and try again."
)


class UnsafeText(ValueError):
    """Text that can't be stored as it is; `message` says why, in plain words."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def problem(text: str) -> Any | None:
    """Why this text can't be stored (a translatable message), or None when it is fine."""
    found = _UNSAFE.search(text)
    if found is None:
        return None
    return NUL_MESSAGE if found.group() == "\x00" else SURROGATE_MESSAGE


def check(text: str) -> str:
    """The text itself, or UnsafeText when it holds NUL or an unpaired surrogate."""
    reason = problem(text)
    if reason is not None:
        raise UnsafeText(reason)
    return text


def strip(text: str) -> str:
    """The text without NUL and unpaired surrogates (for places that must never fail)."""
    return _UNSAFE.sub("", text)


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


class BadNumber(ValueError):
    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def query_int(
    raw: str | None, *, minimum: int = 0, maximum: int = MAX_QUERY_INT, default: int | None = None
) -> int | None:
    """A whole number from a query string, within [minimum, maximum]; `default` when absent or
    empty. Raises BadNumber (with a message) for anything else — never a 500."""
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    # Decide on the digits before int(): Python refuses to convert more than 4,300 of them.
    digits = raw[1:] if raw[:1] in "+-" else raw
    if (
        not digits.isascii()
        or not digits.isdigit()
        or len(digits) > len(str(max(abs(minimum), abs(maximum))))
    ):
        raise BadNumber(
            _("“%(value)s” is not a whole number between %(min)s and %(max)s.")
            % {"value": raw[:20] + ("…" if len(raw) > 20 else ""), "min": minimum, "max": maximum}
        )
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadNumber(
            _("“%(value)s” is not a whole number between %(min)s and %(max)s.")
            % {"value": raw[:20] + ("…" if len(raw) > 20 else ""), "min": minimum, "max": maximum}
        )
    return value


class BadJSON(ValueError):
    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _no_constants(name: str) -> Any:
    raise BadJSON(_("JSON numbers must be finite: %(name)s is not allowed.") % {"name": name})


def loads(raw: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON from a client: at most `max_depth` levels of arrays/objects, no NaN or Infinity,
    and no NUL or unpaired surrogate in any key or string. Raises BadJSON with a clear message."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadJSON(_("The request body is not valid UTF-8.")) from exc
    _check_depth(raw, max_depth)
    try:
        value = json.loads(raw, parse_constant=_no_constants)
    except RecursionError as exc:  # belt and braces: _check_depth already bounds nesting
        raise BadJSON(_("The JSON is nested too deeply.")) from exc
    except ValueError as exc:
        if isinstance(exc, BadJSON):
            raise
        raise BadJSON(_("The request body is not valid JSON.")) from exc
    _check_strings(value)
    return value


def _check_depth(raw: str, max_depth: int) -> None:
    """Refuse deep nesting before parsing (the parser would recurse once per level). Brackets
    inside strings don't count."""
    if raw.count("[") + raw.count("{") <= max_depth:
        return  # cannot be deeper than the brackets it has
    depth = 0
    in_string = escaped = False
    for ch in raw:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                raise BadJSON(
                    _("The JSON is nested too deeply (at most %(n)s levels).") % {"n": max_depth}
                )
        elif ch in "]}":
            depth -= 1


def _check_strings(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            reason = problem(item)
            if reason is not None:
                raise BadJSON(reason)
        elif isinstance(item, dict):
            for key, val in item.items():
                stack.append(key)
                stack.append(val)
        elif isinstance(item, list):
            stack.extend(item)
