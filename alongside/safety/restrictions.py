"""Posting restrictions from moderation (mutes, suspensions). The Safety work fills this in."""

from __future__ import annotations

from typing import Any


def posting_block_reason(user: Any, group: Any) -> str | None:
    """A clear reason this person may not post in this group right now, or None."""
    return None
