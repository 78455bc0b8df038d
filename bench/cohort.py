"""Cohort simulator: does the identification report recover a known effect?

    .venv/bin/python bench/cohort.py [--n 600] [--effect 0.2] [--seed 7]

Generates a synthetic cohort (alongside/outcomes/simulate.py) in which weak identifiers are
`effect` more likely than strong ones to still be a case at follow-up, runs the same report code
the admin page uses (alongside/outcomes/report.py), then does it again with no effect. Prints the
figures, and as its last line one JSON object:
{"true_effect", "estimated_effect", "ci_low", "ci_high", "null_ci_low", "null_ci_high"}
(effect = weak minus strong share still in caseness, median split, Newcombe 95% interval).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alongside.outcomes.report import Report, identification_report  # noqa: E402
from alongside.outcomes.simulate import generate  # noqa: E402


def describe(label: str, report: Report) -> None:
    s = report.median_split
    print(
        f"{label}: {report.n_analysed} people analysed, median identification {report.median_identification}"
    )
    if s is None or s.difference is None:
        print("  not enough people in an arm")
        return
    for arm_name, arm in (("strong", s.strong), ("weak", s.weak)):
        assert arm.share is not None
        print(
            f"  {arm_name:6} n={arm.n:4d} still a case {arm.still_cases:4d} "
            f"share {arm.share.estimate:.3f} [{arm.share.low:.3f}, {arm.share.high:.3f}]"
        )
    d = s.difference
    print(f"  weak − strong {d.estimate:+.3f} [{d.low:+.3f}, {d.high:+.3f}] (Newcombe)")
    m = report.midpoint_split
    if m is not None and m.difference is not None:
        print(
            f"  midpoint split (>4): weak − strong {m.difference.estimate:+.3f} "
            f"[{m.difference.low:+.3f}, {m.difference.high:+.3f}]"
        )
    if report.regression is not None and report.regression.converged:
        c = report.regression.coefficient("identification")
        lo, hi = c.ci
        print(
            f"  logistic: OR per identification point {c.odds_ratio:.3f} [{lo:.3f}, {hi:.3f}], p={c.p_value:.4f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--effect", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    t0 = time.perf_counter()
    with_effect = identification_report(
        [p.participant for p in generate(args.n, args.effect, args.seed)]
    )
    null = identification_report([p.participant for p in generate(args.n, 0.0, args.seed + 1000)])
    describe(f"effect {args.effect}", with_effect)
    describe("no effect", null)
    print(f"both reports in {time.perf_counter() - t0:.2f} s")
    d = with_effect.median_split.difference if with_effect.median_split else None
    nd = null.median_split.difference if null.median_split else None
    if d is None or nd is None:
        raise SystemExit("Too few people for a result; raise --n.")
    print(
        json.dumps(
            {
                "true_effect": args.effect,
                "estimated_effect": round(d.estimate, 4),
                "ci_low": round(d.low, 4),
                "ci_high": round(d.high, 4),
                "null_ci_low": round(nd.low, 4),
                "null_ci_high": round(nd.high, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
