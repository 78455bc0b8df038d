"""Text features and small linear models for the safety classifiers. Pure Python, no Django.

The same code turns text into features at training time (alongside/safety/training.py builds
sparse matrices from it) and at screening time, so the shipped JSON weights mean exactly what
they meant during training. Features are TF-IDF over word 1–2-grams and character 3–5-grams
inside words (robust to misspellings like "suicidel" or "kil myself"); each block is
L2-normalised on its own, then a logistic regression scores them.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "models"

# Long posts: words beyond these limits add little and would cost latency.
MAX_WORD_TOKENS = 1200
MAX_CHAR_TOKENS = 220

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_ENTITY = re.compile(r"&#?\w+;")
_REPEAT = re.compile(r"(.)\1{2,}")
_RT = re.compile(r"\brt\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalize(text: str) -> str:
    """Lower-case; URLs, @mentions and HTML entities out; 'soooo' → 'soo'."""
    t = text.translate(_QUOTES).lower()
    t = _URL.sub(" ", t)
    t = _MENTION.sub(" ", t)
    t = _ENTITY.sub(" ", t)
    t = _RT.sub(" ", t)
    return _REPEAT.sub(r"\1\1", t)


def tokens(normalized: str) -> list[str]:
    return _TOKEN.findall(normalized)


def word_ngrams(toks: list[str]) -> Counter[str]:
    toks = toks[:MAX_WORD_TOKENS]
    grams: Counter[str] = Counter(toks)
    grams.update(f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False))
    return grams


def char_ngrams(toks: list[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for tok in toks[:MAX_CHAR_TOKENS]:
        w = f" {tok} "
        n_chars = len(w)
        for n in (3, 4, 5):
            if n > n_chars:
                break
            grams.update(w[i : i + n] for i in range(n_chars - n + 1))
    return grams


def featurize(text: str) -> tuple[Counter[str], Counter[str]]:
    toks = tokens(normalize(text))
    return word_ngrams(toks), char_ngrams(toks)


@dataclass(frozen=True)
class LinearTextModel:
    """Logistic regression over the two TF-IDF blocks. `blocks[i][feature] = (idf, coef)`."""

    name: str
    blocks: tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]
    intercept: float
    meta: dict

    def score(self, text: str) -> float:
        return self.score_features(*featurize(text))

    def score_features(self, words: Counter[str], chars: Counter[str]) -> float:
        z = self.intercept
        for block, grams in zip(self.blocks, (words, chars), strict=True):
            dot = 0.0
            sq = 0.0
            for gram, count in grams.items():
                entry = block.get(gram)
                if entry is None:
                    continue
                w = (1.0 + math.log(count)) * entry[0]
                sq += w * w
                dot += w * entry[1]
            if sq > 0:
                z += dot / math.sqrt(sq)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "intercept": round(self.intercept, 6),
            "meta": self.meta,
            "words": {g: [round(i, 4), round(c, 5)] for g, (i, c) in sorted(self.blocks[0].items())},
            "chars": {g: [round(i, 4), round(c, 5)] for g, (i, c) in sorted(self.blocks[1].items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearTextModel:
        words = {g: (float(v[0]), float(v[1])) for g, v in data["words"].items()}
        chars = {g: (float(v[0]), float(v[1])) for g, v in data["chars"].items()}
        return cls(data["name"], (words, chars), float(data["intercept"]), data.get("meta", {}))


def save_model(model: LinearTextModel, path: Path) -> None:
    path.write_text(json.dumps(model.to_json(), separators=(",", ":"), ensure_ascii=False))


@lru_cache(maxsize=4)
def load_model(name: str) -> LinearTextModel | None:
    """A shipped model by name ("crisis", "abuse"), or None if it has not been trained."""
    path = MODEL_DIR / f"{name}.json"
    if not path.exists():
        return None
    return LinearTextModel.from_json(json.loads(path.read_text()))
