"""The crisis second look: a sentence-embedding classifier that reads a message again seconds
after it was posted, when the inline screen (rules + n-gram classifier, < 2 ms) found no crisis.

Why two stages: the inline screen must answer before a message is shown, so it is limited to
rules and a bag-of-words model (cross-validated AUC ≈ 0.77 on SDCNL). all-MiniLM-L6-v2 sentence
embeddings (alongside/safety/encoder.py) read meaning rather than words and, stacked with the
inline score and the rule findings, reach AUC ≈ 0.83 — but cost 30–300 ms per post, so they run
in the background (safety.actions.request_second_look) and can only *add* a concern: a crisis alert to
staff and a private notice with crisis lines to the author. They never hold or hide anything.

Model file: alongside/safety/trained/crisis_second_look.json, written by `alongside train-safety`
(logistic regression on the embeddings; a small stacked logistic regression over
[logit inline score, logit embedding score, rule concern, rule high, method detail, risk words];
thresholds from cross-validation on SDCNL train). Pure numpy; no text leaves the process.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from alongside.core.encoder import NAME
from alongside.core.language import detect
from alongside.safety import encoder, methods, rules, rules_es
from alongside.safety.features import (
    MODEL_DIR,
    SHORT_MESSAGE_WORDS,
    YOUTH_THRESHOLD_FACTOR,
    featurize,
    load_model,
    normalize,
    tokens,
)

MODEL_FILE = MODEL_DIR / "crisis_second_look.json"
MULTILINGUAL_FILE = MODEL_DIR / "crisis_multilingual.json"
META_FEATURES = (
    "inline_logit",
    "embedding_logit",
    "rule_concern",
    "rule_high",
    "method_detail",
    "risk_words",
)
# Short messages (< SHORT_MESSAGE_WORDS) with no risk word at all are left to the inline screen:
# in SDCNL most of them are title-only placeholders, and in a group they are greetings and thanks.


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


@dataclass(frozen=True)
class RuleView:
    """What the inline rules see in a text, as the second look and its training use it."""

    level: str
    method_detail: bool
    risk_words: bool
    words: int
    stripped: str  # negated / quoted / past / third-person phrases blanked

    @property
    def eligible(self) -> bool:
        return self.words >= SHORT_MESSAGE_WORDS or self.risk_words


def rule_view(text: str) -> RuleView:
    prepared = rules.prepare(text)
    finding = rules.crisis_rules(text, prepared)
    stripped = rules.strip_spans(text, finding.suppressed) if finding.suppressed else text
    return RuleView(
        finding.level,
        bool(methods.method_detail(text, prepared)),
        rules.touches_on_risk(prepared),
        len(tokens(normalize(text))),
        stripped,
    )


def meta_row(inline_p: float, embedding_p: float, view: RuleView) -> list[float]:
    return [
        logit(inline_p),
        logit(embedding_p),
        float(view.level == "concern"),
        float(view.level == "high"),
        float(view.method_detail),
        float(view.risk_words),
    ]


@dataclass(frozen=True)
class SecondLookModel:
    coef: Any  # numpy vector over encoder.post_features
    intercept: float
    meta_coef: tuple[float, ...]
    meta_intercept: float
    threshold: float
    short_threshold: float
    info: dict

    def embedding_score(self, features: Any) -> float:
        return sigmoid(float(features @ self.coef) + self.intercept)

    def score(self, inline_p: float, embedding_p: float, view: RuleView) -> float:
        row = meta_row(inline_p, embedding_p, view)
        return sigmoid(
            self.meta_intercept + sum(c * v for c, v in zip(self.meta_coef, row, strict=True))
        )


def _same_encoder(data: dict) -> bool:
    """A model file is used only with the encoder it was trained on (another one's features mean
    nothing to it): retrain with `alongside train-safety` after changing the encoder."""

    return data.get("encoder") == NAME


@lru_cache(maxsize=1)
def load_second_look() -> SecondLookModel | None:
    if not MODEL_FILE.exists():
        return None
    data = json.loads(MODEL_FILE.read_text())
    if not _same_encoder(data):
        return None
    return SecondLookModel(
        np.array(data["embedding"]["coef"], dtype=np.float32),
        float(data["embedding"]["intercept"]),
        tuple(float(c) for c in data["meta"]["coef"]),
        float(data["meta"]["intercept"]),
        float(data["threshold"]),
        float(data.get("short_message_threshold", data["threshold"])),
        data,
    )


@lru_cache(maxsize=1)
def available() -> bool:
    """Installed and trained (checked once per process: it reads the disk)."""

    return load_second_look() is not None and encoder.available()


@dataclass(frozen=True)
class MultilingualView:
    rule_crisis: bool
    stripped: str


def multilingual_view(text: str, language: str) -> MultilingualView:
    """What the rules of the text's language see (Spanish: rules_es; other languages: English's
    and Spanish's, as classify.assess runs them), and the text with the phrases they set aside
    (negated, quoted, past, someone else's, hyperbole) blanked for the encoder."""

    prepared = rules.prepare(text)
    findings = [rules_es.crisis_rules(text, prepared), rules.crisis_rules(text, prepared)]
    if language == "es":
        findings = findings[:1]
    suppressed = [m for f in findings for m in f.suppressed]
    crisis = any(f.level != "none" for f in findings) or bool(methods.method_detail(text, prepared))
    return MultilingualView(crisis, rules.strip_spans(text, suppressed) if suppressed else text)


@dataclass(frozen=True)
class MultilingualModel:
    coef: Any
    intercept: float
    threshold: float
    info: dict

    def score(self, features: Any) -> float:
        return sigmoid(float(features @ self.coef) + self.intercept)


@lru_cache(maxsize=1)
def load_multilingual() -> MultilingualModel | None:
    if not MULTILINGUAL_FILE.exists():
        return None
    data = json.loads(MULTILINGUAL_FILE.read_text())
    if not _same_encoder(data):
        return None
    return MultilingualModel(
        np.array(data["embedding"]["coef"], dtype=np.float32),
        float(data["embedding"]["intercept"]),
        float(data["threshold"]),
        data,
    )


def multilingual_look(text: str, language: str, *, youth: bool = False) -> SecondLook | None:
    """The second look for a message not in English: the multilingual encoder and the model
    trained on English and Spanish posts (training.train_multilingual). Every such message is
    read (a language without rules has no risk words to go by)."""

    model = load_multilingual()
    enc = encoder.load()
    if model is None or enc is None or not text.strip():
        return None
    view = multilingual_view(text, language)
    score = model.score(enc.post_features(view.stripped))
    threshold = model.threshold * (YOUTH_THRESHOLD_FACTOR if youth else 1.0)
    return SecondLook(score >= threshold, score, score)


@dataclass(frozen=True)
class SecondLook:
    concern: bool
    score: float
    embedding_score: float


def look(
    text: str, *, youth: bool = False, language: str | None = None, priors: dict | None = None
) -> SecondLook | None:
    """Read a text again with the sentence encoder. None when the model or encoder is missing
    or the text is a short message without risk words (left to the inline screen)."""

    if language is None and priors is not None:
        language = detect(text, **priors)
    if language and language != "en":
        return multilingual_look(text, language, youth=youth)
    model = load_second_look()
    enc = encoder.load()
    if model is None or enc is None or not text.strip():
        return None
    view = rule_view(text)
    if not view.eligible:
        return None
    crisis_model = load_model("crisis")
    inline_p = crisis_model.score_features(*featurize(view.stripped)) if crisis_model else 0.5
    embedding_p = model.embedding_score(enc.post_features(view.stripped))
    score = model.score(inline_p, embedding_p, view)
    threshold = model.threshold if view.words >= SHORT_MESSAGE_WORDS else model.short_threshold
    if youth:
        threshold *= YOUTH_THRESHOLD_FACTOR
    return SecondLook(score >= threshold, score, embedding_p)
