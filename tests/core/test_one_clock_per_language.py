"""One time format per language: the 24-hour clock the pages write by hand ("19:04") is also what
Django's own formats give in English — never "7:04 p.m." beside it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import translation


def render(template: str, value: datetime, language: str) -> str:
    with translation.override(language):
        return Template(template).render(Context({"v": value}))


def test_english_and_spanish_both_use_the_24_hour_clock() -> None:
    evening = datetime(2026, 12, 5, 19, 4, tzinfo=UTC)
    for language in ("en", "es"):
        assert render("{{ v|time }}", evening, language) == "19:04", language
        assert "19:04" in render("{{ v|date:'DATETIME_FORMAT' }}", evening, language), language
        assert "p.m." not in render("{{ v|date:'DATETIME_FORMAT' }}", evening, language)
