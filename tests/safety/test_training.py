"""`alongside train-safety` on a tiny made-up data folder: deterministic, checks checksums."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

pytest.importorskip("sklearn")

from alongside.safety import datasets, training  # noqa: E402
from alongside.safety.features import LinearTextModel  # noqa: E402

SAD = [
    "I feel low and tired every day",
    "nothing seems fun anymore and I sleep all day",
    "my depression makes work so hard",
    "I cry a lot and feel empty inside",
]
AT_RISK = [
    "I want to end my life tonight",
    "I have a plan to kill myself",
    "I wrote a goodbye note to my family",
    "I can't go on, I want to die",
]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    rows = [
        [f"post {i}", f"{t} ({i})", "1" if t in AT_RISK else "0"]
        for i in range(6)
        for t in SAD + AT_RISK
    ]
    _write_csv(d / "sdcnl_train.csv", ["title", "text", "is_suicide"], rows)
    _write_csv(d / "sdcnl_test.csv", ["title", "text", "is_suicide"], rows[:8])
    abuse = [["offensive", f"you are a stupid loser {i}"] for i in range(30)] + [
        ["neither", f"have a lovely day friend {i}"] for i in range(30)
    ]
    _write_csv(d / "davidson_offensive.csv", ["label", "text"], abuse)
    _write_csv(
        d / "counsel_chat.csv",
        ["answerText"],
        [[f"It can help to talk to someone {i}."] for i in range(10)],
    )
    _write_csv(
        d / "cognitive_distortions.csv",
        ["Patient Question"],
        [[f"How do I stop worrying {i}?"] for i in range(10)],
    )
    triste = [
        "hoy estoy muy cansada y triste",
        "no tengo ganas de nada",
        "me quiero morir de risa con esto",
        "qué sueño, me quiero morir del sueño",
    ]
    en_riesgo = [
        "quiero morirme ya no puedo más",
        "me voy a matar esta noche",
        "ya no quiero vivir",
        "quiero desaparecer para siempre",
    ]
    _write_csv(
        d / "es_suicide_train.csv",
        ["text", "is_suicide"],
        [
            [f"{t} {i}", "1" if t in en_riesgo else "0"]
            for i in range(6)
            for t in triste + en_riesgo
        ],
    )
    (d / "pii_synthetic.json").write_text("[]")
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in sorted(d.iterdir())]
    (d / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    return d


def test_training_is_deterministic_and_writes_small_models(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    training.train_all(folder, a, seed=7, log=lambda _: None)
    training.train_all(folder, b, seed=7, log=lambda _: None)
    for name in (
        "crisis.json",
        "abuse.json",
        "crisis_second_look.json",
        "crisis_multilingual.json",
    ):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    second = json.loads((a / "crisis_second_look.json").read_text())
    assert len(second["embedding"]["coef"]) == 3 * 512 and len(second["meta"]["coef"]) == 6
    multi = json.loads((a / "crisis_multilingual.json").read_text())
    assert len(multi["embedding"]["coef"]) == 3 * 512 and 0 < multi["threshold"] < 1
    assert multi["trained_on"]["es_suicide_train"] == 48
    assert 0 < second["threshold"] <= second["short_message_threshold"]
    crisis = LinearTextModel.from_json(json.loads((a / "crisis.json").read_text()))
    assert crisis.score("I have a plan to kill myself") > crisis.score(
        "my depression makes work so hard"
    )


def test_training_refuses_data_whose_checksum_does_not_match(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "sdcnl_train.csv").write_text("title,text,is_suicide\nx,y,1\n")
    with pytest.raises(datasets.DataError, match="sdcnl_train.csv"):
        training.train_all(folder, tmp_path / "out", log=lambda _: None)
