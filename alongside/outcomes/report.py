"""The identification-and-recovery report (Cruwys et al. 2014 style), on plain records. No Django.

Sample: consenting members who were a case (PHQ-9 ≥ 10 or GAD-7 ≥ 8) at baseline and have a
follow-up PHQ-9 at least four weeks later and an identification score. The question: what share
is *still* a case at follow-up, among strong versus weak identifiers?

- Strong versus weak, two ways: a median split (strong = above the sample median) and the scale
  midpoint (strong = above 4, "neither agree nor disagree"). People exactly at the split count
  as weak.
- Each share with a 95% Wilson score interval; the difference (weak minus strong) with
  Newcombe's hybrid score interval.
- Logistic regression of follow-up caseness on identification (per scale point) controlling for
  baseline severity (baseline PHQ-9 total).
bench/cohort.py runs this same code on a synthetic cohort with a known effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alongside.outcomes.scoring import IDENTIFICATION_MIDPOINT, Scores, is_case
from alongside.outcomes.stats import (
    MIN_CELL,
    Interval,
    LogisticFit,
    logistic_regression,
    median,
    newcombe_difference,
    wilson,
)


@dataclass(frozen=True)
class Participant:
    identification: float  # 1–7
    baseline: Scores
    follow_up: Scores

    @property
    def baseline_case(self) -> bool:
        return is_case(self.baseline)

    @property
    def follow_up_case(self) -> bool:
        return is_case(self.follow_up)


@dataclass(frozen=True)
class Arm:
    n: int
    still_cases: int
    share: Interval | None  # None when fewer than MIN_CELL people


@dataclass(frozen=True)
class Split:
    name: str
    threshold: float
    strong: Arm
    weak: Arm
    difference: Interval | None  # weak minus strong


@dataclass(frozen=True)
class Report:
    n_consenting: int
    n_analysed: int
    median_identification: float | None
    median_split: Split | None
    midpoint_split: Split | None
    regression: LogisticFit | None


def _arm(people: Sequence[Participant]) -> Arm:
    k = sum(p.follow_up_case for p in people)
    return Arm(len(people), k, wilson(k, len(people)) if len(people) >= MIN_CELL else None)


def split(people: Sequence[Participant], name: str, threshold: float) -> Split:
    strong = [p for p in people if p.identification > threshold]
    weak = [p for p in people if p.identification <= threshold]
    s, w = _arm(strong), _arm(weak)
    diff = None
    if s.share is not None and w.share is not None:
        diff = newcombe_difference(w.still_cases, w.n, s.still_cases, s.n)
    return Split(name, threshold, s, w, diff)


def analysable(people: Sequence[Participant]) -> list[Participant]:
    return [
        p
        for p in people
        if p.baseline.phq9 is not None and p.follow_up.phq9 is not None and p.baseline_case
    ]


def identification_report(people: Sequence[Participant]) -> Report:
    sample = analysable(people)
    if not sample:
        return Report(len(people), 0, None, None, None, None)
    med = median([p.identification for p in sample])
    fit = logistic_regression(
        [int(p.follow_up_case) for p in sample],
        {
            "identification": [p.identification for p in sample],
            "baseline_phq9": [float(p.baseline.phq9 or 0) for p in sample],
        },
    )
    return Report(
        n_consenting=len(people),
        n_analysed=len(sample),
        median_identification=med,
        median_split=split(sample, "median", med),
        midpoint_split=split(sample, "midpoint", IDENTIFICATION_MIDPOINT),
        regression=fit,
    )
