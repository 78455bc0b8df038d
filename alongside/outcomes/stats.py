"""Small, exact statistics for the reports. No Django.

- Small-cell suppression: any cell of fewer than 5 people is shown as "not shown (fewer than 5 people)". A share is
  two cells (those with the outcome and those without), so it is shown only when both hold at
  least 5 people: "6 of 6 recovered" would tell a facilitator each member's outcome.
- Wilson score interval for a proportion; Newcombe's hybrid score interval (method 10 of
  Newcombe 1998, Stat Med 17:873–890) for a difference of two independent proportions.
- Logistic regression by iteratively reweighted least squares (numpy), with Wald intervals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from alongside.core.aggregates import MIN_CELL

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Cell:
    """One figure in an aggregate table. `value` is None when suppressed or empty."""

    value: float | None
    n: int
    suppressed: bool

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.value is not None


def count_cell(n: int) -> Cell:
    return Cell(float(n), n, n < MIN_CELL)


def mean_cell(values: Sequence[float]) -> Cell:
    n = len(values)
    if n < MIN_CELL:
        return Cell(None, n, True)
    return Cell(sum(values) / n, n, False)


def share_cell(numerator: int, denominator: int) -> Cell:
    if numerator < 0 or numerator > denominator:
        raise ValueError("A share needs 0 ≤ numerator ≤ denominator.")
    if denominator < MIN_CELL or numerator < MIN_CELL or denominator - numerator < MIN_CELL:
        return Cell(None, denominator, True)
    return Cell(numerator / denominator, denominator, False)


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float


def wilson(successes: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval for successes/n."""
    if n <= 0:
        raise ValueError("A proportion needs at least one observation.")
    if not 0 <= successes <= n:
        raise ValueError("Successes must be between 0 and n.")
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half))


def newcombe_difference(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> Interval:
    """p1 − p2 with Newcombe's hybrid score interval (from the two Wilson intervals)."""
    a, b = wilson(x1, n1, z), wilson(x2, n2, z)
    d = a.estimate - b.estimate
    low = d - math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
    high = d + math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
    return Interval(d, low, high)


@dataclass(frozen=True)
class Coefficient:
    name: str
    estimate: float  # log-odds
    se: float
    p_value: float

    @property
    def odds_ratio(self) -> float:
        return math.exp(self.estimate)

    @property
    def ci(self) -> tuple[float, float]:
        return (math.exp(self.estimate - Z95 * self.se), math.exp(self.estimate + Z95 * self.se))


@dataclass(frozen=True)
class LogisticFit:
    coefficients: tuple[Coefficient, ...]
    n: int
    converged: bool
    message: str = ""

    def coefficient(self, name: str) -> Coefficient:
        return next(c for c in self.coefficients if c.name == name)


def logistic_regression(
    y: Sequence[int], columns: dict[str, Sequence[float]], max_iter: int = 50, tol: float = 1e-9
) -> LogisticFit:
    """Fit P(y=1) = logistic(b0 + Σ b_j x_j) by IRLS; intercept added. Wald SEs and p-values.

    Returns converged=False with a message when the model cannot be estimated (too few people,
    perfect separation, a constant column), instead of meaningless numbers.
    """
    n = len(y)
    names = ["intercept", *columns]
    k = len(names)
    if n < k + 5:
        return LogisticFit((), n, False, "Too few people to fit the model.")
    X = np.column_stack([np.ones(n), *[np.asarray(v, dtype=float) for v in columns.values()]])
    Y = np.asarray(y, dtype=float)
    if Y.min() == Y.max():
        return LogisticFit((), n, False, "Everyone has the same outcome.")
    if np.linalg.matrix_rank(X) < k:
        return LogisticFit((), n, False, "A predictor does not vary.")
    beta = np.zeros(k)
    converged = False
    for _ in range(max_iter):
        eta = X @ beta
        p = 1 / (1 + np.exp(-eta))
        w = np.clip(p * (1 - p), 1e-10, None)
        z = eta + (Y - p) / w
        xtw = X.T * w
        new = np.linalg.solve(xtw @ X, xtw @ z)
        if np.max(np.abs(new - beta)) < tol:
            beta = new
            converged = True
            break
        beta = new
    if not converged or np.max(np.abs(beta)) > 25:
        return LogisticFit(
            (), n, False, "The model did not converge (the outcome may be perfectly predicted)."
        )
    p = 1 / (1 + np.exp(-(X @ beta)))
    cov = np.linalg.inv((X.T * (p * (1 - p))) @ X)
    coefs = []
    for j, name in enumerate(names):
        se = float(math.sqrt(cov[j, j]))
        zval = float(beta[j]) / se if se > 0 else 0.0
        coefs.append(Coefficient(name, float(beta[j]), se, math.erfc(abs(zval) / math.sqrt(2))))
    return LogisticFit(tuple(coefs), n, True)


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("The median of nothing is undefined.")
    s = sorted(values)
    mid = len(s) // 2
    return float(s[mid]) if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
