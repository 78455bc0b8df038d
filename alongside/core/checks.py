"""System checks for what core owns (`alongside manage check`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from alongside.core.links import site_url, site_url_problem


def is_production() -> bool:
    """A real deployment: settings `alongside serve` would accept (not the demo, not debugging,
    a secret key of its own). Development and tests run on the default key."""
    own_key = settings.SECRET_KEY != getattr(settings, "DEFAULT_SECRET_KEY", None)  # noqa: SIM300
    return own_key and not settings.DEBUG and not getattr(settings, "DEMO_MODE", False)


@register()
def site_url_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = getattr(settings, "ALONGSIDE_SITE_URL", "") or ""
    if value:
        problem = site_url_problem(value)
        return [Error(problem, id="alongside.core.E001")] if problem else []
    if is_production():
        return [
            Warning(
                f"ALONGSIDE_SITE_URL is not set: links in e-mails guess this site's address as {site_url()}.",
                hint="Set ALONGSIDE_SITE_URL to the address members use, e.g. https://groups.example.org.",
                id="alongside.core.W001",
            )
        ]
    return []
