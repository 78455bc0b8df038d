"""Refusing to run in production with unsafe settings."""

from __future__ import annotations

from django.conf import settings


def production_problems() -> list[str]:
    """Each unsafe setting, named, with what to do about it."""
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on: set DEBUG=false (debug pages leak data).")
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        problems.append(
            "SECRET_KEY is the default or shorter than 32 characters: set SECRET_KEY to a long random value."
        )
    if settings.ENCRYPTION_KEY_IS_DEFAULT:
        problems.append(
            "ALONGSIDE_ENCRYPTION_KEY is not set: set it to a Fernet key "
            "(make one with `alongside manage generate_encryption_key`)."
        )
    if settings.DEMO_MODE:
        problems.append("ALONGSIDE_DEMO is on: demo mode is not for real people's data.")
    return problems
