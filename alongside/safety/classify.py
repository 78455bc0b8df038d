"""Screening one text: rules and the trained models combined. Pure Python, no Django, no network.

Used by `screening.screen()` (the product), `alongside screen --jsonl` and bench/safety.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from alongside.core import language as lang
from alongside.safety import methods, rules, rules_es, second_look, support
from alongside.safety.features import (
    SHORT_MESSAGE_SURE,
    SHORT_MESSAGE_WORDS,
    YOUTH_THRESHOLD_FACTOR,
    load_model,
    load_scorer,
    normalize,
    tokens,
)
from alongside.safety.pii import pii_kinds

ABUSE_MAX_WORDS = 150


@dataclass(frozen=True)
class Assessment:
    crisis: str
    crisis_score: float
    abuse: bool
    abuse_score: float
    method_detail: bool
    pii: tuple[str, ...]
    reasons: tuple[str, ...]
    # Worth the background second look (second_look.RuleView.eligible): 25+ words or a risk word.
    second_look: bool = False
    # The language it was read in (core.language): the rules and models of that language ran.
    language: str = "en"
    # Support for someone else (support.py) and no crisis of the writer's own: the trained
    # models (inline and the second look) are not asked.
    support: bool = False

    def as_json(self) -> dict:
        return {
            "crisis": self.crisis,
            "crisis_score": round(self.crisis_score, 4),
            "abuse": self.abuse,
            "abuse_score": round(self.abuse_score, 4),
            "method_detail": self.method_detail,
            "pii": list(self.pii),
        }


def _concern_threshold(meta: dict) -> float:
    """The inline threshold was chosen together with the second look's (training.py); without
    the sentence encoder installed, the inline screen uses the one chosen for it alone."""
    if second_look.available():
        return float(meta.get("concern_threshold", 0.5))
    return float(meta.get("concern_threshold_alone", meta.get("concern_threshold", 0.5)))


def languages_of(
    text: str, language: str | None = None, priors: dict | None = None
) -> tuple[str, tuple[str, ...]]:
    """The language to read a text in and the rule sets to run. A given language is used as is
    (its rules, and English's: English slang travels). Otherwise it is detected (core.language,
    with the group's and author's languages as `priors`), and the rules of every plausible
    language run; a text detected as neither English nor Spanish (a language the models have
    not seen, or a slangy English tweet the detector takes for another language) is read as
    English when English is plausible, so it keeps the English models."""
    if language:
        code = language.strip().lower().split("-")[0]
        return code, tuple(dict.fromkeys((code, "en") if code in lang.KNOWN else ("en",)))
    best, close = lang.plausible(text, **(priors or {}))
    if best not in lang.KNOWN and "en" in close:
        best = "en"
    return best, tuple(dict.fromkeys((*close, "en")))


def assess(
    text: str, *, youth: bool = False, language: str | None = None, priors: dict | None = None
) -> Assessment:
    """Screen one text. `language`: the code to read it in (else detected, with `priors`: the
    keyword arguments of core.language.detect, e.g. the group's language)."""
    if not text or not text.strip():
        return Assessment("none", 0.0, False, 0.0, False, (), (), language=language or "en")
    code, rule_langs = languages_of(text, language, priors)
    if code == "en":
        return _assess_english(text, youth=youth, spanish_too="es" in rule_langs)
    return _assess_other(text, youth=youth, code=code, rule_langs=rule_langs)


def _assess_other(text: str, *, youth: bool, code: str, rule_langs: tuple[str, ...]) -> Assessment:
    """A text not in English: the rules of its language (Spanish), English's rules (slang and
    phrases travel), method detail (written for English and Spanish), private information.
    The English n-gram classifiers are not used (they read English words); the multilingual
    second look (second_look.py) reads every message with a risk word or of some length."""
    reasons: list[str] = []
    prepared = rules.prepare(text)
    level = "none"
    if "es" in rule_langs:
        finding = rules_es.crisis_rules(text, prepared)
        if finding.matches and support.is_support(prepared, code):
            finding = support.set_aside_impersonal(finding, prepared, "es")
        level = finding.level
        if finding.matches:
            reasons.append(f"crisis rule: {finding.matches[0].rule}")
    en = rules.crisis_rules(text, prepared)
    if en.matches and rules.LEVELS.index(en.level) > rules.LEVELS.index(level):
        reasons.append(f"crisis rule: {en.matches[0].rule}")
    level = rules.level_max(level, en.level)
    method_kinds = methods.method_detail(text, prepared)
    if method_kinds:
        reasons.append("method detail")
        level = "high"
    crisis_score = {"none": 0.0, "concern": 0.7, "high": 0.95}[level]
    abuse_hits = rules.abuse_rules(text, prepared)
    if "es" in rule_langs:
        abuse_hits += [h for h in rules_es.abuse_rules(text, prepared) if h not in abuse_hits]
    if abuse_hits:
        reasons.extend(f"abuse rule: {h}" for h in abuse_hits)
    pii = tuple(pii_kinds(text))
    if pii:
        reasons.append("private information: " + ", ".join(pii))
    helping = level == "none" and support.is_support(prepared, code)
    if helping:
        reasons.append("support for someone else")
    # Every such message is read again by the multilingual second look (15 ms, in the
    # background): out of fold on the Spanish tweets, a risk-word gate cost recall.
    second_look = level == "none" and not helping
    return Assessment(
        level,
        crisis_score,
        bool(abuse_hits),
        0.95 if abuse_hits else 0.0,
        bool(method_kinds),
        pii,
        tuple(reasons),
        second_look,
        language=code,
        support=helping,
    )


def _assess_english(text: str, *, youth: bool = False, spanish_too: bool = False) -> Assessment:
    reasons: list[str] = []
    crisis_model = load_model("crisis")
    abuse_model = load_model("abuse")

    # Crisis: rules first; the classifier reads the text without negated/quoted/past/others' phrases.
    prepared = rules.prepare(text)
    finding = rules.crisis_rules(text, prepared)
    helping_cues = support.support_cues(prepared, "en")
    if helping_cues.supportive and finding.matches:
        finding = support.set_aside_impersonal(finding, prepared, "en")
    toks = tokens(normalize(text))
    scorer = load_scorer()
    if finding.suppressed:
        crisis_feats = scorer.features(
            tokens(normalize(rules.strip_spans(text, finding.suppressed)))
        )
    else:
        crisis_feats = scorer.features(toks)
    # Abuse: the classifier reads the first ABUSE_MAX_WORDS words (it was trained on tweets);
    # the abuse rules read the whole message.
    if finding.suppressed:
        feats = scorer.features(toks, ABUSE_MAX_WORDS)
    elif len(toks) > ABUSE_MAX_WORDS:
        # Character n-grams already stop at MAX_CHAR_TOKENS words: reuse them.
        feats = (scorer.word_ids(toks[:ABUSE_MAX_WORDS]), crisis_feats[1])
    else:
        feats = crisis_feats
    p, q = scorer.scores(*crisis_feats)
    helping = finding.level == "none" and helping_cues.supportive
    if feats is not crisis_feats:
        q = scorer.scores(*feats)[1]
    concern_t = _concern_threshold(crisis_model.meta) if crisis_model else 1.1
    high_t = float(crisis_model.meta.get("high_threshold", 0.9)) if crisis_model else 1.1
    if youth:
        concern_t *= YOUTH_THRESHOLD_FACTOR
    level = finding.level
    if finding.matches:
        reasons.append(f"crisis rule: {finding.matches[0].rule}")
    # On short messages the classifier has little to go on: there the rules lead, and the
    # classifier alone raises a concern only when it is very sure.
    # A regex over the whole text: run it only when a decision needs it, and at most once.
    risk_words: bool | None = None
    if (
        not helping
        and p >= concern_t
        and (risk_words := _touches_on_risk(prepared, spanish_too))
        and (len(toks) >= SHORT_MESSAGE_WORDS or p >= max(high_t, SHORT_MESSAGE_SURE))
    ):
        if level == "none":
            reasons.append("crisis classifier")
        level = rules.level_max(level, "concern")
    if level == "concern" and finding.level == "concern" and p >= high_t:
        level = "high"
    # A plan that names a means, or how-to content: a crisis at its highest (safe messaging:
    # it is also held from the group, screening.py).
    method_kinds = methods.method_detail(text, prepared)
    if method_kinds:
        reasons.append("method detail")
        level = "high"
    if spanish_too:  # a message that may be Spanish, or mixes both
        es = rules_es.crisis_rules(text, prepared)
        if es.matches and rules.LEVELS.index(es.level) > rules.LEVELS.index(level):
            reasons.append(f"crisis rule: {es.matches[0].rule}")
            level = es.level
    # One score that agrees with the level: < 0.5 none, 0.5–0.89 concern, ≥ 0.9 high; within a
    # level it follows the classifier, so sorting by it puts the surest first.
    if level == "none":
        crisis_score = min(0.49, 0.5 * p / concern_t) if concern_t > 0 else 0.0
    elif level == "concern":
        crisis_score = 0.5 + 0.39 * p
    else:
        crisis_score = 0.9 + 0.1 * p

    # Abuse: rules (threats, slurs, telling someone to kill themselves) or the classifier.
    abuse_hits = rules.abuse_rules(text, prepared)
    if spanish_too:
        abuse_hits += [h for h in rules_es.abuse_rules(text, prepared) if h not in abuse_hits]
    abuse_t = float(abuse_model.meta.get("threshold", 0.5)) if abuse_model else 1.1
    abuse = bool(abuse_hits) or (
        q >= abuse_t and (q >= 0.9 or rules.abuse_has_target(text, prepared))
    )
    if abuse_hits:
        reasons.extend(f"abuse rule: {h}" for h in abuse_hits)
    elif abuse:
        reasons.append("abuse classifier")
    abuse_score = max(q, 0.95) if abuse_hits else q

    pii = tuple(pii_kinds(text))
    if pii:
        reasons.append("private information: " + ", ".join(pii))
    helping = helping and level == "none"
    if helping:
        reasons.append("support for someone else")
    second_look = (
        level == "none"
        and not helping
        and (
            len(toks) >= SHORT_MESSAGE_WORDS
            or (risk_words if risk_words is not None else _touches_on_risk(prepared, spanish_too))
        )
    )
    return Assessment(
        level,
        crisis_score,
        abuse,
        abuse_score,
        bool(method_kinds),
        pii,
        tuple(reasons),
        second_look,
        support=helping,
    )


def _touches_on_risk(prepared: str, spanish_too: bool) -> bool:
    """Risk vocabulary in English, and in Spanish when the message may be Spanish: a short
    Spanish message about pain or pills gets the second look as an English one does."""
    return rules.touches_on_risk(prepared) or (spanish_too and rules_es.touches_on_risk(prepared))


def assess_both(
    text: str, *, youth: bool = False, language: str | None = None, priors: dict | None = None
) -> Assessment:
    """The inline assessment, then the second look where it found no crisis: what the product
    ends up deciding (seconds apart). For batch use (`alongside screen --jsonl`) and the bench."""
    first = assess(text, youth=youth, language=language, priors=priors)
    if first.crisis != "none" or first.abuse or first.support:
        return first
    second = second_look.look(text, youth=youth, language=first.language)
    if second is None or not second.concern:
        return first
    return replace(
        first,
        crisis="concern",
        crisis_score=0.5 + 0.39 * second.score,
        reasons=(*first.reasons, "crisis second look"),
    )
