"""Suppression, intervals, regression and the identification report (no database)."""

from __future__ import annotations

import pytest

from alongside.outcomes.report import Participant, identification_report
from alongside.outcomes.scoring import Scores
from alongside.outcomes.simulate import generate, split_total
from alongside.outcomes.stats import (
    count_cell,
    logistic_regression,
    mean_cell,
    median,
    newcombe_difference,
    share_cell,
    wilson,
)


def test_counts_under_5_are_suppressed() -> None:
    assert count_cell(4).suppressed
    assert not count_cell(5).suppressed
    assert count_cell(0).suppressed


def test_means_of_fewer_than_5_people_are_suppressed() -> None:
    assert mean_cell([10, 12, 14, 16]).value is None
    assert mean_cell([10, 12, 14, 16, 18]).value == 14


def test_a_share_needs_5_people_on_each_side() -> None:
    assert share_cell(5, 10).value == 0.5
    assert share_cell(4, 10).suppressed  # 4 improved
    assert share_cell(6, 10).suppressed  # 4 did not
    assert share_cell(6, 6).suppressed  # "everyone recovered" tells each person's outcome
    assert share_cell(0, 12).suppressed
    assert share_cell(3, 4).suppressed


def test_wilson_interval_worked_example() -> None:
    # Newcombe 1998 table I: 81/263 → 0.2553 to 0.3662
    ci = wilson(81, 263)
    assert ci.low == pytest.approx(0.2553, abs=5e-4)
    assert ci.high == pytest.approx(0.3662, abs=5e-4)
    zero = wilson(0, 10)
    assert zero.low == 0 and zero.high == pytest.approx(0.2775, abs=5e-4)


def test_newcombe_difference_worked_example() -> None:
    # Newcombe 1998 (Stat Med 17:890) example: 56/70 − 48/80 = 0.2, method 10: 0.0524 to 0.3339
    ci = newcombe_difference(56, 70, 48, 80)
    assert ci.estimate == pytest.approx(0.2)
    assert ci.low == pytest.approx(0.0524, abs=5e-4)
    assert ci.high == pytest.approx(0.3339, abs=5e-4)


def test_logistic_regression_recovers_a_known_slope() -> None:
    import random

    rng = random.Random(3)
    xs = [rng.uniform(-2, 2) for _ in range(4000)]
    import math

    ys = [int(rng.random() < 1 / (1 + math.exp(-(0.5 - 1.0 * x)))) for x in xs]
    fit = logistic_regression(ys, {"x": xs})
    assert fit.converged
    assert fit.coefficient("x").estimate == pytest.approx(-1.0, abs=0.12)
    assert fit.coefficient("intercept").estimate == pytest.approx(0.5, abs=0.12)
    assert fit.coefficient("x").p_value < 0.001


def test_logistic_regression_says_when_it_cannot_be_fitted() -> None:
    fit = logistic_regression([0, 0, 0, 1, 1, 1, 0, 1, 0, 1], {"x": [1, 2, 3, 4, 5, 6, 1, 7, 2, 8]})
    assert not fit.converged and "converge" in fit.message  # perfectly separated
    assert not logistic_regression([1] * 20, {"x": list(range(20))}).converged


def test_median() -> None:
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 2, 3]) == 2.5


def test_the_report_analyses_only_baseline_cases() -> None:
    people = [
        Participant(6.0, Scores(15, 9), Scores(5, 3)),
        Participant(2.0, Scores(5, 3), Scores(12, 9)),  # not a case at baseline: left out
    ]
    report = identification_report(people)
    assert report.n_consenting == 2 and report.n_analysed == 1


def test_the_report_splits_at_the_median_and_the_midpoint() -> None:
    strong = [Participant(6.0, Scores(15, 9), Scores(5 + i % 2, 3)) for i in range(6)]
    strong += [Participant(5.5, Scores(15, 9), Scores(14, 9)) for _ in range(2)]
    weak = [Participant(3.0, Scores(15, 9), Scores(14, 9)) for _ in range(6)]
    weak += [Participant(2.0, Scores(15, 9), Scores(4, 2)) for _ in range(2)]
    report = identification_report(strong + weak)
    assert report.median_identification == pytest.approx(4.25)
    s = report.median_split
    assert s is not None and s.strong.n == 8 and s.weak.n == 8
    assert s.strong.still_cases == 2 and s.weak.still_cases == 6
    assert s.difference is not None and s.difference.estimate == pytest.approx(0.5)
    m = report.midpoint_split
    assert m is not None and m.strong.n == 8


def test_the_simulated_effect_is_recovered() -> None:
    report = identification_report([p.participant for p in generate(1500, 0.2, seed=11)])
    d = report.median_split.difference  # type: ignore[union-attr]
    assert d is not None and d.low < 0.2 < d.high and d.low > 0


def test_synthetic_answers_add_up_and_never_touch_item_9() -> None:
    import random

    items = split_total(17, 9, 0, 3, random.Random(1), fixed={8: 0})
    assert sum(items) == 17 and items[8] == 0 and all(0 <= i <= 3 for i in items)
    with pytest.raises(ValueError):
        split_total(28, 9, 0, 3, random.Random(1))
