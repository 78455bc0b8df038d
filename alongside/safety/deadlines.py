"""How long a crisis alert may wait for acknowledgement before it escalates: read by the actions
that escalate, the queries that order the on-call view and the templates that count down."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULT_ACK_MINUTES = {"high": 5, "concern": 30}


def ack_minutes(level: str) -> int:
    """Environment ALONGSIDE_ACK_MINUTES_HIGH / ALONGSIDE_ACK_MINUTES_CONCERN (or the setting
    SAFETY_ACK_MINUTES), else 5 / 30."""
    configured = getattr(settings, "SAFETY_ACK_MINUTES", None) or {}
    value = configured.get(level) or os.environ.get(f"ALONGSIDE_ACK_MINUTES_{level.upper()}")
    try:
        return max(1, int(value)) if value else DEFAULT_ACK_MINUTES.get(level, 30)
    except ValueError:
        return DEFAULT_ACK_MINUTES.get(level, 30)
