"""The safety second look's sentence encoder: the multilingual one in alongside/core/encoder.py
(Universal Sentence Encoder multilingual v3, numpy only, installed by a plain `pip install .`).
Kept as a name for the safety app's callers."""

from __future__ import annotations

from alongside.core.encoder import DIM, MAX_WINDOWS, NAME, WINDOW_WORDS, Encoder, available, load

__all__ = ["DIM", "MAX_WINDOWS", "NAME", "WINDOW_WORDS", "Encoder", "available", "load"]
