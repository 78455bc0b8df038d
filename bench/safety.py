"""Safety models on the shared test data: precision / recall / F1 per class and latency.

    .venv/bin/python bench/safety.py [--data ../shared/data]

SDCNL test split (crisis, any level, vs not; inline screen alone, then with the background
second look that reads again what the inline screen passed), the Davidson hold-out that training never sees
(abuse), the synthetic PII set (per kind, span overlap); in Spanish, the tweets (crisis: the
inline rules measured here, with the multilingual second look the out-of-fold figures from
training) and HateCheck's dev templates per functionality (abuse). Latency: `classify.assess` per message
over every text above (the second look's own latency is printed apart). The last line is one JSON object with the headline figures.
Prints figures only, never a text from the data.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alongside.safety import datasets, second_look  # noqa: E402
from alongside.safety.classify import assess  # noqa: E402
from alongside.safety.pii import find_pii  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(name: str, gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    tn = len(gold) - tp - fp - fn
    pos = prf(tp, fp, fn)
    neg = prf(tn, fn, fp)
    print(f"{name}: n={len(gold)}")
    print(
        f"  positive  precision {pos[0]:.3f}  recall {pos[1]:.3f}  F1 {pos[2]:.3f}  (support {tp + fn})"
    )
    print(
        f"  negative  precision {neg[0]:.3f}  recall {neg[1]:.3f}  F1 {neg[2]:.3f}  (support {tn + fp})"
    )
    return pos


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None)
    args = ap.parse_args()
    folder = Path(args.data) if args.data else datasets.data_dir()
    datasets.verify_checksums(folder)
    latencies: list[float] = []
    lengths: list[int] = []

    single: list[float] = []

    def timed(text: str) -> object:
        # Best of three runs: the machine is shared, so one run also measures other processes.
        lengths.append(len(text))
        best = float("inf")
        for run in range(3):
            t0 = time.perf_counter()
            a = assess(text)
            took = (time.perf_counter() - t0) * 1000
            if run == 0:
                single.append(took)
            best = min(best, took)
        latencies.append(best)
        return a

    def timed_es(text: str) -> object:
        # As the product reads a message in the Spanish group: detected, with Spanish priors.
        return timed_with(text, {"group_language": "es", "profile_languages": ("es",)})

    def timed_with(text: str, priors: dict) -> object:
        lengths.append(len(text))
        best = float("inf")
        for run in range(3):
            t0 = time.perf_counter()
            a = assess(text, priors=priors)
            took = (time.perf_counter() - t0) * 1000
            if run == 0:
                single.append(took)
            best = min(best, took)
        latencies.append(best)
        return a

    assess("warm up")
    texts, labels = datasets.sdcnl("test", folder)
    results = [timed(t) for t in texts]
    gold = [bool(v) for v in labels]
    inline_flags = [r.crisis != "none" for r in results]  # type: ignore[attr-defined]
    inline_pos = report(
        "Crisis (any level), inline screen only, on SDCNL test: suicidal = positive",
        gold,
        inline_flags,
    )
    inline_rate_dep = sum(f for f, g in zip(inline_flags, gold, strict=True) if not g) / (
        len(gold) - sum(gold)
    )
    print(f"  depression posts flagged (any level): {inline_rate_dep:.3f}")
    # The second look reads again what the inline screen passed (in the product: seconds after
    # posting, on a worker). Its latency is reported apart: it is not in the 2 ms inline budget.
    second_ms: list[float] = []
    flags = list(inline_flags)
    if second_look.available():
        for i, text in enumerate(texts):
            if flags[i]:
                continue
            t0 = time.perf_counter()
            result = second_look.look(text)
            second_ms.append((time.perf_counter() - t0) * 1000)
            flags[i] = bool(result and result.concern)
    else:
        print(
            "(second look not available: pip install . brings its encoder; figures below are inline only)"
        )
    crisis_pos = report(
        "Crisis (any level), inline + second look, on SDCNL test: suicidal = positive", gold, flags
    )
    dep = [r for r, g in zip(results, gold, strict=True) if not g]
    flag_rate_dep = sum(f for f, g in zip(flags, gold, strict=True) if not g) / len(dep)
    high_sw = sum(r.crisis == "high" for r, g in zip(results, gold, strict=True) if g) / sum(gold)  # type: ignore[attr-defined]
    high_dep = sum(r.crisis == "high" for r in dep) / len(dep)  # type: ignore[attr-defined]
    print(f"  depression posts flagged (any level): {flag_rate_dep:.3f}")
    print(f"  level 'high': {high_sw:.3f} of suicidal posts, {high_dep:.3f} of depression posts")

    split = datasets.davidson_split(folder)
    dtexts, dlabels = split["holdout"]
    dres = [timed(t) for t in dtexts]
    abuse_pos = report(
        "Abuse on the Davidson hold-out: hate or offensive = positive",
        [bool(v) for v in dlabels],
        [r.abuse for r in dres],
    )  # type: ignore[attr-defined]

    kinds = {
        "EMAIL_ADDRESS": "EMAIL",
        "PHONE_NUMBER": "PHONE",
        "STREET_ADDRESS": "ADDRESS",
        "PERSON": "NAME",
        "CREDIT_CARD": "CARD",
    }
    counts = {k: [0, 0, 0] for k in kinds.values()}  # tp, fp, fn by span overlap
    for item in datasets.pii_set(folder):
        text = item["full_text"]
        timed(text)
        hits = find_pii(text)
        spans = [
            (kinds[s["entity_type"]], s["start_position"], s["end_position"])
            for s in item["spans"]
            if s["entity_type"] in kinds
        ]
        for kind, a, b in spans:
            found = any(h.kind == kind and h.start < b and a < h.end for h in hits)
            counts[kind][0 if found else 2] += 1
        for h in hits:
            if not any(kind == h.kind and h.start < b and a < h.end for kind, a, b in spans):
                counts[h.kind][1] += 1
    print("Private information on the synthetic PII set (span overlap):")
    pii_recall = {}
    for kind, (tp, fp, fn) in counts.items():
        p, r, f = prf(tp, fp, fn)
        pii_recall[kind] = r
        print(f"  {kind:<8} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (support {tp + fn})")

    # --- Spanish ---
    # Crisis: the Spanish tweets. The multilingual second look was trained on them, so its
    # figures are the out-of-fold ones that training measured (crisis_multilingual.json); the
    # inline Spanish rules are measured here, on every tweet.
    es_texts, es_labels = datasets.es_suicide(folder)
    es_inline = [timed_es(t) for t in es_texts]
    es_gold = [bool(v) for v in es_labels]
    report(
        "Crisis (any level), Spanish rules inline, on es_suicide_train: suicidal = positive",
        es_gold,
        [r.crisis != "none" for r in es_inline],
    )  # type: ignore[attr-defined]
    multi = second_look.load_multilingual()
    es_cv = multi.info["cross_validation"] if multi else {}
    if es_cv:
        print(
            f"Crisis, Spanish rules + multilingual second look, 5-fold out of fold on es_suicide_train: "
            f"recall {es_cv['es_cv_recall']:.3f}, non-crisis flagged {es_cv['es_cv_flag_rate_negative']:.3f}, "
            f"AUC {es_cv['es_cv_auc']:.3f}"
        )
        for point in es_cv.get("trade_off", []):
            print(
                f"  trade-off: recall {point['recall']:.3f} at {point['flag_rate_negative']:.3f} of non-crisis flagged "
                f"(threshold {point['threshold']})"
            )
    # Abuse: Spanish HateCheck functional cases, per functionality (rules; no trained part).
    cases = datasets.es_hatecheck(folder)
    per: dict[str, list[int]] = {}
    for case in cases:
        a = timed_es(case["test_case"])
        hit = per.setdefault(case["functionality"], [0, 0])
        hit[0] += 1
        hit[1] += bool(a.abuse)  # type: ignore[attr-defined]
    hateful = [c for c in cases if c["label_gold"] == "hateful"]
    es_abuse_recall = sum(v[1] for f, v in per.items() if f.endswith("_h")) / max(len(hateful), 1)
    es_abuse_rate_nh = sum(v[1] for f, v in per.items() if f.endswith("_nh")) / max(
        len(cases) - len(hateful), 1
    )
    print(
        f"Abuse on Spanish HateCheck (dev templates): hateful flagged {es_abuse_recall:.3f}, "
        f"non-hateful flagged {es_abuse_rate_nh:.3f}"
    )
    for functionality, (n, k) in sorted(per.items()):
        print(f"  {functionality:<22} {k:>4}/{n:<4} flagged")

    lat = sorted(latencies)
    p50 = lat[len(lat) // 2]
    p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    one = sorted(single)
    print(
        f"Latency per message over {len(lat)} texts (best of 3): p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {lat[-1]:.3f} ms"
    )
    print(
        f"  single run: p50 {one[len(one) // 2]:.3f} ms, p99 {one[min(len(one) - 1, int(0.99 * len(one)))]:.3f} ms"
    )
    short = sorted(t for t, n in zip(latencies, lengths, strict=True) if n <= 1000)
    print(
        f"  messages up to 1,000 characters ({len(short)}): p99 {short[min(len(short) - 1, int(0.99 * len(short)))]:.3f} ms"
    )
    if second_ms:
        sm = sorted(second_ms)
        print(
            f"Second look over {len(sm)} posts the inline screen passed: p50 {sm[len(sm) // 2]:.1f} ms, "
            f"p99 {sm[min(len(sm) - 1, int(0.99 * len(sm)))]:.1f} ms (background, not in the inline budget)"
        )
    print(
        json.dumps(
            {
                "crisis_recall": round(crisis_pos[1], 4),
                "crisis_flag_rate_depression": round(flag_rate_dep, 4),
                "crisis_recall_inline": round(inline_pos[1], 4),
                "crisis_flag_rate_depression_inline": round(inline_rate_dep, 4),
                "abuse_f1": round(abuse_pos[2], 4),
                "pii_recall_email": round(pii_recall["EMAIL"], 4),
                "pii_recall_phone": round(pii_recall["PHONE"], 4),
                "latency_p99_ms": round(p99, 3),
                # One timing per message, no best-of: the honest figure on a quiet machine.
                "latency_p99_single_run_ms": round(one[min(len(one) - 1, int(0.99 * len(one)))], 3),
                "second_look_p50_ms": round(sorted(second_ms)[len(second_ms) // 2], 1)
                if second_ms
                else None,
                "es_crisis_recall": es_cv.get("es_cv_recall"),
                "es_crisis_flag_rate_negative": es_cv.get("es_cv_flag_rate_negative"),
                "es_abuse_recall": round(es_abuse_recall, 4),
                "es_abuse_flag_rate_nonhateful": round(es_abuse_rate_nh, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
