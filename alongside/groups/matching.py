"""What matching needs from the layers above groups, offered as two hooks.

- Meaning: a sentence encoder that turns texts into L2-normalised vectors. The safety layer ships
  one and fills this hook from its `ready()` (safety/apps.py `_embed`), so swapping the encoder
  (e.g. for a multilingual one) is one line there.
- The next meeting: meetings fills it, so a suggestion can say when the group next meets.

Either may be missing (no encoder installed, meetings not loaded): matching still works, without
the free-text reason or without the time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

Embed = Callable[[list[str]], Any]  # texts -> array (n, dim), rows L2-normalised; None when unavailable
NextMeetings = Callable[[Sequence[int], Any], dict[int, str]]  # group ids, viewer -> "when", in their time zone

_embed: Embed | None = None
_next_meetings: NextMeetings | None = None


def register_encoder(embed: Embed) -> None:
    global _embed
    _embed = embed
    _purpose_vector.cache_clear()


def register_next_meetings(function: NextMeetings) -> None:
    global _next_meetings
    _next_meetings = function


def next_meetings(group_ids: Sequence[int], viewer: Any) -> dict[int, str]:
    return _next_meetings(group_ids, viewer) if _next_meetings is not None and group_ids else {}


def can_read_meaning() -> bool:
    return _embed is not None and _vectors(["ok"]) is not None


def _vectors(texts: list[str]) -> np.ndarray | None:
    if _embed is None:
        return None
    out = _embed(texts)
    return None if out is None else np.asarray(out, dtype=np.float32)


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
