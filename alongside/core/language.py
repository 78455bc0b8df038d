"""Which language one message is written in: py3langid (offline, a naive Bayes model over byte
n-grams, shipped in its wheel) with the group's language and the author's profile languages as
priors. Pure Python, no Django, no network.

Why priors: a short message ("ok", "gracias!", "me too") says little about its language, and a
group and its members mostly write in the group's language; but people switch ("sorry, my
Spanish is bad", a bilingual member writing to one person), so a long enough message in another
language wins over the priors. The text's evidence grows with its length; the priors do not.

`detect(text, group_language="es", profile_languages=("es", "en"))` returns an ISO 639-1 code
("en", "es", "fr"…): the language the screening rules and models should read the message in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

DEFAULT = "en"
# Prior weights, added in log space to the text's evidence: the group's language, each of the
# author's profile languages, and the languages Alongside has screening rules for (a nudge that
# settles a two-word message with no other prior, "hola" being as much Zulu as Spanish to the
# model); every other language starts from 0.
GROUP_PRIOR = 3.0
PROFILE_PRIOR = 2.0
KNOWN_PRIOR = 1.0
KNOWN = ("en", "es")
# Other languages whose total is within this of the best are "plausible": a message that mixes
# languages, or a short one, is read by the rules of each plausible language Alongside has.
PLAUSIBLE_MARGIN = 4.0
HEAD_CHARS = 300
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_URL = re.compile(r"https?://\S+|www\.\S+|@\w+")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def available() -> bool:
    try:
        _identifier()
    except ImportError:  # pragma: no cover - py3langid is a dependency
        return False
    return True


def _norm(code: str | None) -> str:
    return (code or "").strip().lower().split("-")[0].split("_")[0]


def text_scores(text: str) -> dict[str, float]:
    """Log-evidence per language for the text alone, best 0. py3langid's raw log-probabilities
    grow with the text's length; divided by the square root of its length in bytes (the
    temperature py3langid itself uses to calibrate), ten clear words give the best language a
    lead of about 5–15 over the others, and a two-word message a lead of 0–3: so the priors
    settle short messages and a longer one in another language wins over them."""
    text = _head(text)
    ident = _identifier()
    try:  # the raw scores in the model's label order (rank() sorts and labels them: slower)
        raw = np.asarray(ident._decide(text), dtype=np.float64)
        langs = list(ident.nb_classes)
    except AttributeError:  # pragma: no cover - another py3langid layout
        ranked = ident.rank(text)
        langs = [lang for lang, _s in ranked]
        raw = np.asarray([s for _l, s in ranked], dtype=np.float64)
    top = float(raw.max())
    scores = (np.maximum(raw, top - 1e6) - top) / math.sqrt(
        len(text.encode("utf-8", "replace")) or 1
    )
    return {lang: float(s) for lang, s in zip(langs, scores, strict=True)}


def _head(text: str) -> str:
    """The first HEAD_CHARS characters, cut at a space: enough to tell a language, and detection
    stays well under a millisecond on a long post."""
    if len(text) <= HEAD_CHARS:
        return text
    cut = text.rfind(" ", 0, HEAD_CHARS)
    return text[: cut if cut > HEAD_CHARS // 2 else HEAD_CHARS]


def _priors(group_language: str | None, profile_languages: Iterable[str]) -> dict[str, float]:
    priors = dict.fromkeys(KNOWN, KNOWN_PRIOR)
    for code in profile_languages:
        c = _norm(code)
        if c:
            priors[c] = max(
                priors.get(c, 0.0), PROFILE_PRIOR + (KNOWN_PRIOR if c in KNOWN else 0.0)
            )
    g = _norm(group_language)
    if g:
        priors[g] = priors.get(g, 0.0) + GROUP_PRIOR
    return priors


def ranked(
    text: str, *, group_language: str | None = None, profile_languages: Iterable[str] = ()
) -> list[tuple[str, float]]:
    """Languages with their total score (text evidence + priors), best first."""
    priors = _priors(group_language, profile_languages)
    clean = _URL.sub(" ", text or "")
    if not _LETTERS.search(clean):
        return sorted(priors.items(), key=lambda kv: -kv[1])
    totals = {lang: s + priors.get(lang, 0.0) for lang, s in text_scores(clean).items()}
    return sorted(totals.items(), key=lambda kv: -kv[1])


def detect(
    text: str, *, group_language: str | None = None, profile_languages: Iterable[str] = ()
) -> str:
    """The message's language: the text's evidence plus the priors (see the module doc)."""
    return ranked(text, group_language=group_language, profile_languages=profile_languages)[0][0]


def plausible(
    text: str,
    *,
    group_language: str | None = None,
    profile_languages: Iterable[str] = (),
    among: Iterable[str] = KNOWN,
) -> tuple[str, tuple[str, ...]]:
    """The detected language, and those of `among` within PLAUSIBLE_MARGIN of it (it first if
    it is among them): the rule sets worth running on a mixed or short message."""
    order = ranked(text, group_language=group_language, profile_languages=profile_languages)
    best, top = order[0]
    wanted = set(among)
    close = tuple(lang for lang, s in order if lang in wanted and s >= top - PLAUSIBLE_MARGIN)
    return best, close


def priors_of(author: Any = None, group: Any = None) -> dict[str, Any]:
    """Keyword arguments for `detect`/`plausible` from a group (its `language`) and an author
    (their interface language, then their profile's `language_list`)."""
    profile: list[str] = []
    ui = _norm(getattr(author, "ui_language", "") or "")
    if ui:
        profile.append(ui)
    profile += [_norm(c) for c in (getattr(author, "language_list", None) or [])]
    return {
        "group_language": getattr(group, "language", None) or None,
        "profile_languages": tuple(profile),
    }


def detect_for(text: str, author: Any = None, group: Any = None) -> str:
    """`detect` with the priors of this author in this group."""
    return detect(text, **priors_of(author, group))
