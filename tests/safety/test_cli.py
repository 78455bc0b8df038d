"""`alongside screen --jsonl`: one JSON line out for each line in."""

from __future__ import annotations

import io
import json
from typing import Any

from alongside.cli import main


def test_screen_jsonl_writes_one_result_per_line(monkeypatch: Any, capsys: Any) -> None:
    lines = [
        {"text": "I'm going to kill myself tonight", "country": "GB"},
        {"text": "mail me at sam@example.org"},
        {"text": "Hello everyone"},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n"))
    assert main(["screen", "--jsonl"]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [o["crisis"] for o in out] == ["high", "none", "none"]
    assert out[1]["pii"] == ["EMAIL"]
    assert set(out[0]) == {
        "crisis",
        "crisis_score",
        "abuse",
        "abuse_score",
        "method_detail",
        "pii",
        "language",
    }
    assert [o["language"] for o in out] == ["en", "en", "en"]


def test_screen_jsonl_reads_each_line_in_its_language(monkeypatch: Any, capsys: Any) -> None:
    lines = [
        {"text": "Quiero morirme, no le veo sentido a seguir viviendo."},  # detected: Spanish
        {"text": "mejor me mato"},
        {"text": "Eres un idiota, ojalá te mueras"},
        {"text": "me muero de risa con este vídeo", "language": "es"},  # given
        {"text": "vale", "language": "es"},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n"))
    assert main(["screen", "--jsonl", "--inline-only"]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [o["language"] for o in out] == ["es", "es", "es", "es", "es"]
    assert [o["crisis"] for o in out] == ["concern", "concern", "none", "none", "none"]
    assert [o["abuse"] for o in out] == [False, False, True, False, False]


def test_a_language_that_is_not_a_code_is_an_error_line(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO(
            '{"text": "hola", "language": 5}\n{"text": "hola", "language": "spanish please"}\n{"text": "hola"}\n'
        ),
    )
    assert main(["screen", "--jsonl", "--inline-only"]) == 1
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert out[0]["error"] == 'line 1: "language" must be a language code like "es" or "en"'
    assert "error" in out[1] and out[2]["crisis"] == "none"


def test_a_bad_line_gets_an_error_line_and_the_rest_still_run(
    monkeypatch: Any, capsys: Any
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('not json\n{"text": "kms"}\n{"country": "GB"}\n'))
    assert main(["screen", "--jsonl"]) == 1
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert "error" in out[0] and out[1]["crisis"] == "concern" and "error" in out[2]


def test_batch_screening_includes_the_second_look_unless_asked_not_to(
    monkeypatch: Any, capsys: Any
) -> None:
    from tests.safety.test_second_look import IMPLICIT_CRISIS

    for args, expected in (
        (["screen", "--jsonl"], "concern"),
        (["screen", "--jsonl", "--inline-only"], "none"),
    ):
        monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"text": IMPLICIT_CRISIS}) + "\n"))
        assert main(args) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["crisis"] == expected
        assert (out["crisis_score"] >= 0.5) == (expected == "concern")


def test_a_plan_that_names_a_means_is_high_with_method_detail_in_the_batch(
    monkeypatch: Any, capsys: Any
) -> None:
    lines = [
        {
            "text": "I counted out 40 paracetamol, they're on my desk, doing it after everyone's asleep"
        },
        {"text": "bought a rope today and found a beam in the garage that will hold my weight"},
        {"text": "me voy a tirar del puente mañana", "country": "ES"},
        {"text": "bought a rope for the climbing class"},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n"))
    assert main(["screen", "--jsonl"]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(o["crisis"], o["method_detail"]) for o in out[:3]] == [("high", True)] * 3
    assert out[3]["method_detail"] is False
    assert all(
        list(o)
        == ["crisis", "crisis_score", "abuse", "abuse_score", "method_detail", "pii", "language"]
        for o in out
    )
