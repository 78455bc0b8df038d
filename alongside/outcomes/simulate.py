"""A synthetic cohort with a chosen identification effect. No Django.

Used by bench/cohort.py (does the report recover a known effect? is its interval honest when
there is none?) and by the demo data (so dashboards have content).

Model: everyone is a case at baseline (PHQ-9 10–22). Identification is the mean of four 1–7
items around a personal level. The chance of still being a case at follow-up is
    0.40 + 0.025 · (baseline PHQ-9 − 15)
plus half the effect for weak identifiers (at or below the cohort's median) and minus half
for strong ones, so the true difference in follow-up caseness (weak minus strong) is `effect`.
Item 9 is always 0 in synthetic answers: the demo must not raise crisis alerts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from alongside.outcomes.report import Participant
from alongside.outcomes.scoring import Scores
from alongside.outcomes.stats import median


@dataclass(frozen=True)
class SimPerson:
    participant: Participant
    id_items: tuple[int, int, int, int]


def _clip(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


def _identification_items(rng: random.Random) -> tuple[int, int, int, int]:
    level = rng.gauss(4.6, 1.3)
    items = [int(round(_clip(level + rng.gauss(0, 0.7), 1, 7))) for _ in range(4)]
    return (items[0], items[1], items[2], items[3])


def generate(n: int, effect: float, seed: int = 1) -> list[SimPerson]:
    if not 0 <= abs(effect) <= 0.5:
        raise ValueError("Choose an effect between -0.5 and 0.5 (a difference in shares).")
    rng = random.Random(seed)
    ids = [_identification_items(rng) for _ in range(n)]
    scores = [sum(i) / 4 for i in ids]
    med = median(scores)
    people = []
    for items, ident in zip(ids, scores, strict=True):
        base_phq = rng.randint(10, 22)
        base_gad = rng.randint(4, 18)
        p = 0.40 + 0.025 * (base_phq - 15) + (effect / 2 if ident <= med else -effect / 2)
        still = rng.random() < _clip(p, 0.01, 0.99)
        if still:
            fu_phq = rng.randint(10, min(27, base_phq + 4))
            fu_gad = rng.randint(3, 18)
        else:
            fu_phq = rng.randint(max(0, base_phq - 14), 9)
            fu_gad = rng.randint(0, 7)
        people.append(
            SimPerson(Participant(ident, Scores(base_phq, base_gad), Scores(fu_phq, fu_gad)), items)
        )
    return people


def split_total(
    total: int,
    n_items: int,
    low: int,
    high: int,
    rng: random.Random,
    fixed: dict[int, int] | None = None,
) -> list[int]:
    """Item answers in low..high that add up to `total` (for synthetic questionnaire answers)."""
    fixed = fixed or {}
    items = [fixed.get(i, low) for i in range(n_items)]
    free = [i for i in range(n_items) if i not in fixed]
    remaining = total - sum(items)
    if remaining < 0 or remaining > len(free) * (high - low):
        raise ValueError(f"Cannot split {total} over {n_items} items in {low}–{high}.")
    while remaining > 0:
        i = rng.choice([j for j in free if items[j] < high])
        items[i] += 1
        remaining -= 1
    return items
