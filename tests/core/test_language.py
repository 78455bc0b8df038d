"""Per-message language detection: the text's evidence, with the group's language and the
author's profile languages as priors (short messages lean on them; people switch)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from alongside.core import language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ya no puedo más, no le veo sentido a nada", "es"),
        ("I can't do this anymore, nothing makes sense", "en"),
        ("Bonjour à tous, je suis très triste aujourd'hui", "fr"),
        ("Olá, hoje eu estou muito cansada de tudo", "pt"),
    ],
)
def test_a_clear_message_is_read_in_its_own_language(text: str, expected: str) -> None:
    assert language.detect(text) == expected


@pytest.mark.parametrize("text", ["ok", "vale", "no", "hola", "jajaja", "👍", "12:30"])
def test_a_short_message_takes_the_language_of_the_group_and_the_author(text: str) -> None:
    assert language.detect(text, group_language="es", profile_languages=["es"]) == "es"
    assert language.detect(text, group_language="en", profile_languages=["en"]) == "en"


def test_a_member_who_switches_language_is_read_in_the_language_they_wrote() -> None:
    # A Spanish member in the Spanish group writes a whole sentence in English, and the other way.
    assert (
        language.detect(
            "Sorry, my Spanish is not good enough to explain how I feel today",
            group_language="es",
            profile_languages=["es"],
        )
        == "en"
    )
    assert (
        language.detect(
            "Perdón, hoy no me sale escribir en inglés, estoy muy cansada",
            group_language="en",
            profile_languages=["en"],
        )
        == "es"
    )


def test_the_author_profile_settles_a_message_the_group_language_does_not() -> None:
    assert language.detect("gracias!", group_language="en", profile_languages=["es", "en"]) == "es"


def test_priors_come_from_the_group_and_the_author() -> None:
    author = SimpleNamespace(ui_language="es", language_list=["es", "en"])
    group = SimpleNamespace(language="es")
    assert language.priors_of(author, group) == {
        "group_language": "es",
        "profile_languages": ("es", "es", "en"),
    }
    assert language.detect_for("vale, gracias", author, group) == "es"
    assert language.detect_for("vale", None, None) in language.KNOWN + (
        "ca",
        "it",
        "pt",
        "gl",
        "la",
    )


def test_plausible_languages_include_a_close_second() -> None:
    best, close = language.plausible("mejor me mato")
    assert best == "es" and "es" in close
    best, close = language.plausible("I'm fine, thanks for asking everyone, see you next week")
    assert best == "en" and close == ("en",)
