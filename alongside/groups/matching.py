"""Meaning and next meetings for matching.

- Meaning: the multilingual sentence encoder in core (alongside/core/encoder.py, the same one the
  safety second look uses) turns texts into L2-normalised vectors, in English, Spanish and more.
- The next meeting: a hook meetings fills, so a suggestion can say when the group next meets.

Either may be missing (no encoder installed, meetings not loaded): matching still works, without
the free-text reason or without the time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from alongside.core import encoder

NextMeetings = Callable[
    [Sequence[int], Any], dict[int, str]
]  # group ids, viewer -> "when", in their time zone

_next_meetings: NextMeetings | None = None


def register_next_meetings(function: NextMeetings) -> None:
    global _next_meetings
    _next_meetings = function


def next_meetings(group_ids: Sequence[int], viewer: Any) -> dict[int, str]:
    return _next_meetings(group_ids, viewer) if _next_meetings is not None and group_ids else {}


def can_read_meaning() -> bool:
    return encoder.available()


def _vectors(texts: list[str]) -> np.ndarray | None:
    enc = encoder.load()
    return None if enc is None else np.asarray(enc.embed(texts), dtype=np.float32)


@lru_cache(maxsize=512)
def _purpose_vector(text: str) -> np.ndarray | None:
    v = _vectors([text])
    return None if v is None else v[0]


def similarities(wrote: str, purposes: dict[int, str]) -> dict[int, float]:
    """Cosine similarity of what a person wrote to each group's purpose, by meaning. Empty when
    nothing was written or no encoder is installed. What they wrote is not stored anywhere."""
    wrote = wrote.strip()
    if not wrote or not purposes:
        return {}
    mine = _vectors([wrote])
    if mine is None:
        return {}
    out: dict[int, float] = {}
    for key, purpose in purposes.items():
        theirs = _purpose_vector(purpose)
        if theirs is not None:
            out[key] = float(np.dot(mine[0], theirs))
    return out
