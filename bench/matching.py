"""Matching by meaning: how well "what brings you here" finds the right group, and how long it takes.

    .venv/bin/python bench/matching.py

Embeds the demo groups' names and purposes (alongside/demo.py) with the sentence encoder the
matcher uses (groups.matching, filled by safety/apps.py), then matches a small set of sentences a
person might write, in English and Spanish, each labelled with the demo group a person would
expect. Counts how often that group is the closest by meaning (top 1) or among the closest three,
over all demo groups (no focus, language or community rule: meaning alone). Prints each sentence's
best three, then as its last line one JSON object:
{"sentences", "top1", "top3", "purposes_ms_each", "query_ms", "encoder"}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

import django  # noqa: E402

django.setup()

from alongside.core import encoder  # noqa: E402
from alongside.demo import GROUPS  # noqa: E402
from alongside.groups import matching  # noqa: E402

# (what a person might write, the demo group they would hope to find)
SENTENCES = [
    (
        "I've felt flat and hopeless for months and can't get out of bed",
        "Tuesday Evening Depression Support",
    ),
    ("My heart races and I panic in shops, I worry about everything", "Anxiety Circle"),
    (
        "I served in the army and still have flashbacks and nightmares",
        "Steady Ground: Veterans' PTSD Group",
    ),
    ("My mum has dementia and looking after her is wearing me down", None),
    ("My husband died last year and I don't know how to carry on", None),
    ("Work is burning me out and my manager keeps piling on more", None),
    ("Exams are coming and I'm stressed and homesick at university", None),
    ("Since the baby was born I feel anxious and low all the time", None),
    ("Me siento triste y sin ganas de nada desde hace meses", None),
    ("Tengo ataques de pánico y me preocupo por todo", None),
    ("Cuido de mi padre enfermo y estoy agotada", None),
    ("Mi hermana murió y no sé cómo seguir adelante", None),
]


def expected_names() -> dict[str, list[str]]:
    """Which demo groups fit each unlabelled sentence, by focus or audience (read from demo.py)."""
    by = {g["name"]: g for g in GROUPS}
    pick = {
        3: [
            n for n, g in by.items() if g["focus"] == "caregivers" or g["audience"] == "caregivers"
        ],
        4: [n for n, g in by.items() if g["focus"] == "grief"],
        5: [n for n, g in by.items() if g["audience"] == "workplace" or g["focus"] == "stress"],
        6: [n for n, g in by.items() if g["audience"] == "students"],
        7: [n for n, g in by.items() if g["audience"] == "parents"],
        8: [n for n, g in by.items() if g.get("language") == "es" or g["focus"] == "depression"],
        9: [n for n, g in by.items() if g.get("language") == "es" or g["focus"] == "anxiety"],
        10: [
            n for n, g in by.items() if g["focus"] == "caregivers" or g["audience"] == "caregivers"
        ],
        11: [n for n, g in by.items() if g["focus"] == "grief"],
    }
    out = {}
    for i, (text, name) in enumerate(SENTENCES):
        out[text] = [name] if name else pick.get(i, [])
    return out


def main() -> None:
    enc = encoder.load()
    if enc is None:
        print("The sentence encoder package is not installed (dev.py installs it).")
        print(json.dumps({"sentences": 0, "top1": None, "top3": None, "encoder": None}))
        return
    purposes = {i: f"{g['name']}. {g['purpose']}" for i, g in enumerate(GROUPS)}
    names = {i: g["name"] for i, g in enumerate(GROUPS)}
    t0 = time.perf_counter()
    matching.similarities("warm up", purposes)  # embeds and caches every purpose
    purposes_ms = (time.perf_counter() - t0) * 1000 / len(purposes)
    expected = expected_names()
    top1 = top3 = 0
    query_ms = []
    for text, _name in SENTENCES:
        t = time.perf_counter()
        sims = matching.similarities(text, purposes)
        query_ms.append((time.perf_counter() - t) * 1000)
        best = sorted(sims, key=lambda k: -sims[k])[:3]
        want = expected[text]
        hit1 = names[best[0]] in want
        hit3 = any(names[b] in want for b in best)
        top1 += hit1
        top3 += hit3
        print(f"{'✓' if hit1 else ('~' if hit3 else '✗')} {text}")
        for b in best:
            print(f"    {sims[b]:.2f} {names[b]}")
    query_ms.sort()
    print(
        json.dumps(
            {
                "sentences": len(SENTENCES),
                "top1": top1,
                "top3": top3,
                "purposes_ms_each": round(purposes_ms, 1),
                "query_ms": round(query_ms[len(query_ms) // 2], 1),
                "encoder": "universal-sentence-encoder-multilingual",
            }
        )
    )


if __name__ == "__main__":
    main()
