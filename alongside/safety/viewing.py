"""Once per viewing: a staff read of a sensitive record is audited when someone opens it, not again
when an action taken on that page redirects back to it (acknowledge, add a note, …).

The action's view calls `continue_viewing(request, record)` before redirecting back; the next
render of that record in the same session, within a short time, is then the same viewing. Only a
record the session has already opened (and had audited) can be continued, so skipping the audit
always needs an audited read before it.
"""

from __future__ import annotations

import time
from typing import Any

SESSION_KEY = "alongside.viewings"
CONTINUE_SECONDS = 120  # long enough to follow a redirect, too short to come back later unaudited
KEEP = 50  # records remembered per session


def _viewings(request: Any) -> dict[str, dict[str, float]]:
    return dict(request.session.get(SESSION_KEY, {}))


def is_new_viewing(request: Any, record: str, now: float | None = None) -> bool:
    """True when this render opens `record` afresh (audit the read); False when it continues a
    viewing that an action on the same page redirected back to."""
    now = time.time() if now is None else now
    viewings = _viewings(request)
    entry = viewings.get(record) or {}
    continues = entry.get("continue_until", 0.0) >= now
    viewings.pop(record, None)
    viewings[record] = {
        "opened": entry.get("opened", now) if continues else now,
        "continue_until": 0.0,
    }
    request.session[SESSION_KEY] = dict(list(viewings.items())[-KEEP:])
    return not continues


def continue_viewing(request: Any, record: str, now: float | None = None) -> None:
    """The next render of `record` (the redirect after an action) is the same viewing."""
    now = time.time() if now is None else now
    viewings = _viewings(request)
    if record in viewings:
        viewings[record] = {**viewings[record], "continue_until": now + CONTINUE_SECONDS}
        request.session[SESSION_KEY] = viewings
