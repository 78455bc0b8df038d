"""Text features and small linear models for the safety classifiers. Pure Python, no Django.

The same code turns text into features at training time (alongside/safety/training.py builds
sparse matrices from it) and at screening time, so the shipped JSON weights mean exactly what
they meant during training. Features are binary TF-IDF (presence × idf) over word 1–2-grams
and character 3–5-grams inside words (robust to misspellings like "suicidel" or "kil myself");
each block is L2-normalised on its own, then a logistic regression scores them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, repeat
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "trained"  # the weights (JSON), apart from models.py

# Long posts: words beyond these limits add little and would cost latency.
MAX_WORD_TOKENS = 400
# Shared by the inline screen (classify), the second look and their training:
# Youth groups: a lower bar for a crisis concern (safe-messaging: stricter defaults for young people).
YOUTH_THRESHOLD_FACTOR = 0.85
# Short messages: fewer words than this (unigrams+bigrams ≈ 2 × words).
SHORT_MESSAGE_WORDS = 25
SHORT_MESSAGE_SURE = 0.9
MAX_CHAR_TOKENS = 150

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_ENTITY = re.compile(r"&#?\w+;")
_REPEAT = re.compile(r"(.)\1{2,}")
# "rt" as a word: same as r"\brt\b", but the regex engine can jump from "rt" to "rt".
_RT = re.compile(r"rt(?<!\wrt)\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Curly quotes → straight ones (str.replace: much faster than str.translate on long texts).
_QUOTES = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'))


def normalize(text: str) -> str:
    """Lower-case; URLs, @mentions and HTML entities out; 'soooo' → 'soo'."""
    t = text
    for curly, straight in _QUOTES:
        if curly in t:
            t = t.replace(curly, straight)
    t = t.lower()
    if "http" in t or "www." in t:
        t = _URL.sub(" ", t)
    t = _MENTION.sub(" ", t)
    t = _ENTITY.sub(" ", t)
    t = _RT.sub(" ", t)
    if len(t) < 200:
        return _REPEAT.sub(r"\1\1", t)
    # Long texts: numpy finds the first character repeated 3 times (not a newline, as "." in
    # _REPEAT), much faster than the regex; nothing before it changes.
    c = np.frombuffer(t.encode("utf-32-le", "surrogatepass"), np.uint32)
    triple = (c[:-2] == c[1:-1]) & (c[1:-1] == c[2:]) & (c[:-2] != 10)
    if not triple.any():
        return t
    first = int(triple.argmax())
    return t[:first] + _REPEAT.sub(r"\1\1", t[first:])


def tokens(normalized: str) -> list[str]:
    return _TOKEN.findall(normalized)


Grams = frozenset[str] | set[str]


def word_ngrams(toks: list[str]) -> set[str]:
    toks = toks[:MAX_WORD_TOKENS]
    grams = set(toks)
    grams.update(map(" ".join, zip(toks, toks[1:], strict=False)))
    return grams


_CHAR_CACHE: dict[str, tuple[str, ...]] = {}
# Endless zeros: the default for n-grams a model does not know (map stops with the n-grams).
_ZERO = repeat(0j)


def _chars_of(tok: str) -> tuple[str, ...]:
    grams = _CHAR_CACHE.get(tok)
    if grams is None:
        w = f" {tok} "
        n = len(w)
        grams = tuple(w[i : i + k] for k in (3, 4, 5) for i in range(n - k + 1))
        if len(_CHAR_CACHE) > 200_000:  # bounded: common words stay hot, rare ones come and go
            _CHAR_CACHE.clear()
        _CHAR_CACHE[tok] = grams
    return grams


def char_ngrams(toks: list[str]) -> set[str]:
    return set(chain.from_iterable(map(_chars_of, toks[:MAX_CHAR_TOKENS])))


def featurize(text: str) -> tuple[set[str], set[str]]:
    toks = tokens(normalize(text))
    return word_ngrams(toks), char_ngrams(toks)


def featurize_tokens(
    toks: list[str], max_words: int = MAX_WORD_TOKENS
) -> tuple[set[str], set[str]]:
    return word_ngrams(toks[:max_words]), char_ngrams(toks)


@dataclass
class LinearTextModel:
    """Logistic regression over the two TF-IDF blocks. `blocks[i][feature] = (idf, coef)`."""

    name: str
    blocks: tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]
    intercept: float
    meta: dict

    def score(self, text: str) -> float:
        return self.score_features(*featurize(text))

    def score_features(self, words: set[str], chars: set[str]) -> float:
        z = self.intercept
        for grams, terms in zip((words, chars), self._terms, strict=True):
            # Binary TF-IDF: each present n-gram weighs its idf. Per n-gram the model stores
            # idf·coef + idf²·i as one complex number, so a single C-level sum gives both the dot
            # product (real part) and the squared norm (imaginary part): half the lookups.
            total = sum(map(terms.get, grams, _ZERO))
            if total.imag > 0:
                z += total.real / math.sqrt(total.imag)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    @cached_property
    def _terms(self) -> tuple[dict[str, complex], dict[str, complex]]:
        return tuple(
            {g: complex(i * c, i * i) for g, (i, c) in block.items()} for block in self.blocks
        )  # type: ignore[return-value]

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "intercept": round(self.intercept, 6),
            "meta": self.meta,
            "words": {
                g: [round(i, 4), round(c, 5)] for g, (i, c) in sorted(self.blocks[0].items())
            },
            "chars": {
                g: [round(i, 4), round(c, 5)] for g, (i, c) in sorted(self.blocks[1].items())
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearTextModel:
        words = {g: (float(v[0]), float(v[1])) for g, v in data["words"].items()}
        chars = {g: (float(v[0]), float(v[1])) for g, v in data["chars"].items()}
        return cls(data["name"], (words, chars), float(data["intercept"]), data.get("meta", {}))


class Scorer:
    """Several models' scores for one message at once, for screening: the same scores as
    `model.score_features(*featurize_tokens(...))`, up to the order in which floats are added.

    The models' n-grams share one numbering: an n-gram is looked up once for all the models, a
    word's character n-grams once per word (then cached), and numpy adds up the weights."""

    def __init__(self, models: Sequence[LinearTextModel | None]) -> None:
        self.models = list(models)
        self._ids: tuple[dict[str, int], dict[str, int]] = ({}, {})
        blocks = [m.blocks if m else ({}, {}) for m in self.models]
        for b, ids in enumerate(self._ids):
            for model_blocks in blocks:
                for gram in model_blocks[b]:
                    ids.setdefault(gram, len(ids))
        # Per model: idf·coef (dot product) and idf² (squared norm) of each n-gram, in rows.
        self._weights = tuple(np.zeros((2 * len(self.models), len(ids))) for ids in self._ids)
        for j, model_blocks in enumerate(blocks):
            for b, (ids, weights) in enumerate(zip(self._ids, self._weights, strict=True)):
                for gram, (idf, coef) in model_blocks[b].items():
                    weights[2 * j : 2 * j + 2, ids[gram]] = (idf * coef, idf * idf)
        self._char_cache: dict[str, tuple[int, ...]] = {}
        # The words the models know are the common ones: their character n-grams up front, so
        # that a message seldom waits for them.
        for gram in self._ids[0]:
            if " " not in gram:
                self._chars(gram)

    def features(
        self, toks: list[str], max_words: int = MAX_WORD_TOKENS
    ) -> tuple[np.ndarray, np.ndarray]:
        """The known n-grams of `featurize_tokens(toks, max_words)`, as numbers."""
        return self.word_ids(toks[:max_words]), self.char_ids(toks)

    def word_ids(self, toks: list[str]) -> np.ndarray:
        toks = toks[:MAX_WORD_TOKENS]
        get = self._ids[0].get
        found = set(map(get, toks))
        found.update(map(get, map(" ".join, zip(toks, toks[1:], strict=False))))
        found.discard(None)
        return np.fromiter(found, np.intp, len(found))  # type: ignore[arg-type]

    def char_ids(self, toks: list[str]) -> np.ndarray:
        found = set(chain.from_iterable(map(self._chars, dict.fromkeys(toks[:MAX_CHAR_TOKENS]))))
        return np.fromiter(found, np.intp, len(found))

    def _chars(self, tok: str) -> tuple[int, ...]:
        ids = self._char_cache.get(tok)
        if ids is None:
            get = self._ids[1].get
            w = f" {tok} "  # as _chars_of
            found = {get(w[i : i + k]) for k in (3, 4, 5) for i in range(len(w) - k + 1)}
            found.discard(None)
            ids = tuple(found)  # type: ignore[arg-type]
            if len(self._char_cache) > 200_000:  # bounded, as _CHAR_CACHE
                self._char_cache.clear()
            self._char_cache[tok] = ids
        return ids

    def scores(self, words: np.ndarray, chars: np.ndarray) -> list[float]:
        """Each model's probability for these n-grams (from `features`); 0.0 for a missing model."""
        sums = [
            weights.take(ids, axis=1).sum(axis=1).tolist()
            for weights, ids in zip(self._weights, (words, chars), strict=True)
        ]
        out = []
        for j, model in enumerate(self.models):
            z = model.intercept if model else -1000.0
            for dot, norm in (s[2 * j : 2 * j + 2] for s in sums):
                if norm > 0:
                    z += dot / math.sqrt(norm)
            out.append(1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0)
        return out


def save_model(model: LinearTextModel, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), separators=(",", ":"), ensure_ascii=False))


@lru_cache(maxsize=4)
def load_model(name: str) -> LinearTextModel | None:
    """A shipped model by name ("crisis", "abuse"), or None if it has not been trained."""
    path = MODEL_DIR / f"{name}.json"
    if not path.exists():
        return None
    return LinearTextModel.from_json(json.loads(path.read_text()))


@lru_cache(maxsize=1)
def load_scorer() -> Scorer:
    """The shipped crisis and abuse models, scored together (`Scorer.scores` → [crisis, abuse])."""
    return Scorer([load_model("crisis"), load_model("abuse")])
