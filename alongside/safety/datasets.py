"""Reading the shared research data sets (../shared/data) for training and the benchmark.

Never used by the running product: these are real posts, some with self-harm and slurs, and must
never be shown in the product or written to logs. Only counts and metrics leave this module.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
from pathlib import Path

SEED = 20240601
DAVIDSON_HOLDOUT = 0.2


class DataError(Exception):
    pass


def data_dir() -> Path:
    """ALONGSIDE_SAFETY_DATA, else ../shared/data beside the repository (or the working dir)."""
    env = os.environ.get("ALONGSIDE_SAFETY_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    for candidate in (
        repo.parent / "shared" / "data",
        Path.cwd().parent / "shared" / "data",
        Path("/work/shared/data"),
    ):
        if candidate.exists():
            return candidate
    raise DataError("Cannot find the shared data folder; set ALONGSIDE_SAFETY_DATA.")


def verify_checksums(folder: Path) -> list[str]:
    """Check every file listed in SHA256SUMS; returns the names checked, raises on a mismatch."""
    sums = folder / "SHA256SUMS"
    if not sums.exists():
        raise DataError(f"{sums} is missing: cannot check the data.")
    checked = []
    for line in sums.read_text().splitlines():
        if not line.strip():
            continue
        digest, name = line.split(maxsplit=1)
        name = name.lstrip("*")
        actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if actual != digest:
            raise DataError(
                f"{name}: SHA256 mismatch (expected {digest[:12]}…, got {actual[:12]}…)"
            )
        checked.append(name)
    return checked


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sdcnl(split: str, folder: Path | None = None) -> tuple[list[str], list[int]]:
    """SDCNL posts (title + text) and labels: 1 = r/SuicideWatch, 0 = r/depression."""
    rows = _rows((folder or data_dir()) / f"sdcnl_{split}.csv")
    return [f"{r['title']}. {r['text']}" for r in rows], [int(r["is_suicide"]) for r in rows]


def davidson_split(folder: Path | None = None) -> dict[str, tuple[list[str], list[int]]]:
    """Davidson tweets, abuse = hate or offensive (1) vs neither (0); a stratified, seeded
    hold-out of 20% that training never sees."""
    rows = _rows((folder or data_dir()) / "davidson_offensive.csv")
    rng = random.Random(SEED)
    out: dict[str, tuple[list[str], list[int]]] = {"train": ([], []), "holdout": ([], [])}
    for label in ("hate", "offensive", "neither"):
        idx = [i for i, r in enumerate(rows) if r["label"] == label]
        rng.shuffle(idx)
        cut = int(len(idx) * DAVIDSON_HOLDOUT)
        for part, chosen in (("holdout", idx[:cut]), ("train", idx[cut:])):
            for i in sorted(chosen):
                out[part][0].append(rows[i]["text"])
                out[part][1].append(0 if label == "neither" else 1)
    return out


def pii_set(folder: Path | None = None) -> list[dict]:
    return json.loads(((folder or data_dir()) / "pii_synthetic.json").read_text(encoding="utf-8"))


_SUICIDE_WORDS = re.compile(
    r"suicid|kill (?:my|him|her)self|end (?:my|it)|want to die|self[- ]harm|cut (?:my)?self", re.I
)


def support_negatives(folder: Path | None = None) -> list[str]:
    """Texts that are neither crisis nor abuse in a support setting: therapists' answers (they
    talk *about* suicide, in the third person) and people's questions to a therapist with no
    mention of suicide or self-harm."""
    folder = folder or data_dir()
    answers = [
        r["answerText"] for r in _rows(folder / "counsel_chat.csv") if r["answerText"].strip()
    ]
    questions = [
        r["Patient Question"]
        for r in _rows(folder / "cognitive_distortions.csv")
        if r["Patient Question"].strip() and not _SUICIDE_WORDS.search(r["Patient Question"])
    ]
    return answers + questions


_SENTENCE = re.compile(r"(?<=[.!?\n])\s+")


def chunks(
    texts: list[str], max_chars: int = 280, limit: int | None = None, seed: int = SEED
) -> list[str]:
    """Cut long posts into message-sized pieces (sentences packed up to max_chars)."""
    out: list[str] = []
    for text in texts:
        buf = ""
        for sent in _SENTENCE.split(text):
            if buf and len(buf) + len(sent) > max_chars:
                out.append(buf.strip())
                buf = ""
            buf += " " + sent
        if buf.strip():
            out.append(buf.strip())
    if limit is not None and len(out) > limit:
        out = random.Random(seed).sample(out, limit)
    return out


def es_suicide(folder: Path | None = None) -> tuple[list[str], list[int]]:
    """Spanish tweets (Valdez et al. 2020, training part) and labels: 1 = suicidal intent or ideation."""
    rows = _rows((folder or data_dir()) / "es_suicide_train.csv")
    return [r["text"] for r in rows], [int(r["is_suicide"]) for r in rows]


def es_hatecheck(folder: Path | None = None) -> list[dict[str, str]]:
    """Spanish HateCheck functional cases (half of the templates): for checking, never bulk training."""
    return _rows((folder or data_dir()) / "es_hatecheck_dev.csv")
