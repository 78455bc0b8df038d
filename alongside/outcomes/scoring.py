"""Exact scoring of the questionnaires and the NHS Talking Therapies outcome rules. No Django.

Sources (see shared/CLINICAL.md):
- PHQ-9 bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe
  (Kroenke, Spitzer & Williams 2001). PHQ-2 positive at ≥ 3 (Kroenke et al. 2003).
- GAD-7 cut-points 5 / 10 / 15 = mild / moderate / severe (Spitzer et al. 2006). GAD-2 ≥ 3.
- NHS Talking Therapies (formerly IAPT): caseness PHQ-9 ≥ 10 or GAD-7 ≥ 8; recovery; reliable
  improvement (PHQ-9 falls ≥ 6 or GAD-7 falls ≥ 4, no reliable deterioration on the other);
  reliable deterioration (PHQ-9 rises ≥ 6 or GAD-7 rises ≥ 4); reliable recovery.
- Jacobson & Truax (1991) reliable change index.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alongside.outcomes.instruments import Instrument

PHQ9_CASENESS = 10
GAD7_CASENESS = 8
PHQ9_RELIABLE_CHANGE = 6
GAD7_RELIABLE_CHANGE = 4
SCREEN_POSITIVE = 3  # PHQ-2 and GAD-2
JT_CRITICAL = 1.96
IDENTIFICATION_MIDPOINT = 4.0


class AnswersInvalid(ValueError):
    """Answers that cannot be scored. `errors` maps an item key to a message for that item."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def validate_answers(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, int]:
    """Check every answer strictly and return them as integers keyed by item.

    Each required item must be present; every value must be one of that item's options; keys
    that are not items of this questionnaire are refused (a sign of a wrong form). Numeric
    strings (what an HTML form sends) are accepted; anything else is not.
    """
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    known = {item.key for item in instrument.items}
    for key in answers:
        if key not in known:
            errors[key] = f"{instrument.name} has no item {key!r}."
    for number, item in enumerate(instrument.items, start=1):
        raw = answers.get(item.key)
        if raw is None or raw == "":
            if item.required:
                errors[item.key] = f"Question {number} is not answered."
            continue
        value: int | None = None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = raw
        elif isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            value = int(raw.strip())
        allowed = sorted(o.value for o in instrument.options_for(item))
        if value is None:
            errors[item.key] = f"Question {number}: {raw!r} is not a whole number."
        elif value not in allowed:
            errors[item.key] = (
                f"Question {number}: {value} is out of range ({allowed[0]}–{allowed[-1]})."
            )
        else:
            clean[item.key] = value
    if errors:
        raise AnswersInvalid(errors)
    return clean


def score(instrument: Instrument, answers: Mapping[str, Any]) -> float:
    """The instrument's score: a sum (PHQ, GAD, UCLA) or a mean (identification, feedback)."""
    clean = validate_answers(instrument, answers)
    values = [clean[i.key] for i in instrument.scored_items]
    if instrument.scoring == "mean":
        return round(sum(values) / len(values), 4)
    return sum(values)


def _check_total(total: float, high: int, name: str) -> int:
    if isinstance(total, bool) or not float(total).is_integer() or not 0 <= total <= high:
        raise ValueError(f"A {name} total is a whole number from 0 to {high}, not {total!r}.")
    return int(total)


# --- Bands ---------------------------------------------------------------------------------

PHQ9_BANDS = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
)
GAD7_BANDS = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 21, "severe"),
)
BANDS = {"phq9": PHQ9_BANDS, "gad7": GAD7_BANDS}


def phq9_band(total: float) -> str:
    t = _check_total(total, 27, "PHQ-9")
    return next(name for low, high, name in PHQ9_BANDS if low <= t <= high)


def gad7_band(total: float) -> str:
    t = _check_total(total, 21, "GAD-7")
    return next(name for low, high, name in GAD7_BANDS if low <= t <= high)


def band(instrument_key: str, total: float) -> str:
    """The severity band of a PHQ-9 or GAD-7 total; "" for measures without bands."""
    if instrument_key == "phq9":
        return phq9_band(total)
    if instrument_key == "gad7":
        return gad7_band(total)
    if instrument_key in ("phq2", "gad2"):
        return "positive" if screen_positive(total) else "negative"
    return ""


def screen_positive(total: float) -> bool:
    """PHQ-2 or GAD-2: a total of 3 or more (of 6) suggests the full questionnaire."""
    return _check_total(total, 6, "PHQ-2/GAD-2") >= SCREEN_POSITIVE


def item9_positive(phq9_answers: Mapping[str, Any]) -> bool:
    """PHQ-9 item 9 above "not at all" calls for a risk follow-up, whatever the total."""
    return int(phq9_answers.get("q9") or 0) > 0


# --- Caseness and change (NHS Talking Therapies) ------------------------------------------


@dataclass(frozen=True)
class Scores:
    """A PHQ-9 and a GAD-7 total from the same time point; either may be missing."""

    phq9: int | None = None
    gad7: int | None = None

    def __post_init__(self) -> None:
        if self.phq9 is not None:
            _check_total(self.phq9, 27, "PHQ-9")
        if self.gad7 is not None:
            _check_total(self.gad7, 21, "GAD-7")


def is_case(scores: Scores) -> bool:
    """Caseness: PHQ-9 ≥ 10 or GAD-7 ≥ 8. Needs at least one of the two."""
    if scores.phq9 is None and scores.gad7 is None:
        raise ValueError("Caseness needs a PHQ-9 or a GAD-7 total.")
    return (scores.phq9 is not None and scores.phq9 >= PHQ9_CASENESS) or (
        scores.gad7 is not None and scores.gad7 >= GAD7_CASENESS
    )


@dataclass(frozen=True)
class Change:
    case_at_first: bool
    case_at_last: bool
    reliable_improvement: bool
    reliable_deterioration: bool
    # None when not applicable: recovery is only defined for people who were a case at first.
    recovery: bool | None
    reliable_recovery: bool | None


def classify_change(first: Scores, last: Scores) -> Change:
    """First-versus-last outcome by the NHS Talking Therapies rules.

    Only measures present at both points are compared (so a skipped GAD-7 neither helps nor
    hurts); at least one must be paired.
    """
    phq = first.phq9 is not None and last.phq9 is not None
    gad = first.gad7 is not None and last.gad7 is not None
    if not (phq or gad):
        raise ValueError("Change needs the same measure (PHQ-9 or GAD-7) at both points.")
    a = Scores(first.phq9 if phq else None, first.gad7 if gad else None)
    b = Scores(last.phq9 if phq else None, last.gad7 if gad else None)
    phq_delta = (b.phq9 - a.phq9) if phq else 0  # type: ignore[operator]
    gad_delta = (b.gad7 - a.gad7) if gad else 0  # type: ignore[operator]
    deteriorated = phq_delta >= PHQ9_RELIABLE_CHANGE or gad_delta >= GAD7_RELIABLE_CHANGE
    improved_one = phq_delta <= -PHQ9_RELIABLE_CHANGE or gad_delta <= -GAD7_RELIABLE_CHANGE
    improved = improved_one and not deteriorated
    case_first, case_last = is_case(a), is_case(b)
    recovery = (not case_last) if case_first else None
    reliable_recovery = (recovery and improved) if case_first else None
    return Change(
        case_at_first=case_first,
        case_at_last=case_last,
        reliable_improvement=improved,
        reliable_deterioration=deteriorated,
        recovery=recovery,
        reliable_recovery=reliable_recovery,
    )


# --- Jacobson & Truax reliable change index ------------------------------------------------


def reliable_change_index(x1: float, x2: float, sd1: float, reliability: float) -> float:
    """RC = (x2 − x1) / S_diff, S_diff = SD1 · √2 · √(1 − r) (Jacobson & Truax 1991)."""
    if sd1 <= 0:
        raise ValueError("The baseline standard deviation must be positive.")
    if not 0 <= reliability < 1:
        raise ValueError("The reliability must be at least 0 and below 1.")
    s_diff = sd1 * math.sqrt(2) * math.sqrt(1 - reliability)
    return (x2 - x1) / s_diff


def reliable_change(x1: float, x2: float, sd1: float, reliability: float) -> str:
    """For a symptom scale (lower is better): "improved", "deteriorated" or "no reliable change"."""
    rc = reliable_change_index(x1, x2, sd1, reliability)
    if rc < -JT_CRITICAL:
        return "improved"
    if rc > JT_CRITICAL:
        return "deteriorated"
    return "no reliable change"


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float:
    """Internal consistency of item answers (rows = people, columns = items).

    Lets the reliability for the RCI come from an organisation's own data rather than a number
    copied from elsewhere.
    """
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ValueError("Cronbach's alpha needs at least two people and two items.")
    k = len(rows[0])

    def var(xs: Sequence[float]) -> float:
        m = sum(xs) / len(xs)
        return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)

    item_vars = sum(var([r[j] for r in rows]) for j in range(k))
    total_var = var([sum(r) for r in rows])
    if total_var == 0:
        raise ValueError("Cronbach's alpha is undefined when every total is the same.")
    return k / (k - 1) * (1 - item_vars / total_var)


# --- Identification --------------------------------------------------------------------------


def strong_identifier(score: float, split: float = IDENTIFICATION_MIDPOINT) -> bool:
    """Strong when above the split (the scale midpoint 4, or the sample median); at it is weak."""
    if not 1 <= score <= 7:
        raise ValueError(f"An identification score is from 1 to 7, not {score!r}.")
    return score > split
