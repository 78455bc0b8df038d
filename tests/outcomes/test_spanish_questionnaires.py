"""Spanish speakers answer the official Spanish PHQ-9 and GAD-7, scored exactly as the English;
measures with no sourced Spanish version come in English, with a note in Spanish saying why."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from alongside.outcomes import instruments, scoring
from alongside.outcomes.models import Response
from alongside.safety.models import CrisisAlert
from tests.conftest import client_for, join, make_user

# Worked examples: answers (by item) -> the total and band every version must give.
PHQ9_EXAMPLES = [
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal"),
    ([1, 1, 1, 1, 1, 1, 1, 1, 1], 9, "mild"),
    ([3, 2, 2, 1, 1, 0, 1, 0, 0], 10, "moderate"),
    ([3, 3, 2, 2, 2, 2, 1, 1, 0], 16, "moderately severe"),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe"),
]
GAD7_EXAMPLES = [
    ([0, 0, 0, 0, 0, 0, 1], 1, "minimal"),
    ([2, 2, 1, 1, 1, 0, 0], 7, "mild"),
    ([2, 2, 2, 2, 1, 1, 0], 10, "moderate"),
    ([3, 3, 3, 3, 3, 3, 3], 21, "severe"),
]


@pytest.fixture
def luna(db: Any) -> Any:
    return make_user("luna", country="ES", languages="es", ui_language="es")


@pytest.fixture
def english_first() -> Any:
    # A Spanish request leaves Spanish active in the test's thread; start each test in English.
    translation.activate("en")
    yield
    translation.activate("en")


def answers(values: list[int]) -> dict[str, int]:
    return {f"q{i}": v for i, v in enumerate(values, start=1)}


@pytest.mark.parametrize("key", ["phq9", "gad7", "phq2", "gad2", "feedback"])
def test_the_spanish_version_has_the_same_items_and_answer_values(key: str) -> None:
    english, spanish = instruments.get(key), instruments.get(key, "es")
    assert spanish.language == "es" and spanish is not english
    assert [i.key for i in spanish.items] == [i.key for i in english.items]
    assert [[o.value for o in spanish.options_for(i)] for i in spanish.items] == [
        [o.value for o in english.options_for(i)] for i in english.items
    ]
    assert [i.scored for i in spanish.items] == [i.scored for i in english.items]


@pytest.mark.parametrize(
    ("key", "values", "total", "band"),
    [("phq9", *e) for e in PHQ9_EXAMPLES] + [("gad7", *e) for e in GAD7_EXAMPLES],
)
def test_spanish_and_english_score_the_worked_examples_identically(
    key: str, values: list[int], total: int, band: str
) -> None:
    for version in (instruments.get(key), instruments.get(key, "es")):
        clean = scoring.validate_answers(version, answers(values))
        assert scoring.score(version, clean) == total
        assert scoring.band(key, total) == band


@pytest.mark.parametrize(("values", "total", "band"), PHQ9_EXAMPLES[1:4])
def test_a_spanish_member_answering_in_spanish_gets_the_score_an_english_member_gets(
    values: list[int], total: int, band: str, luna: Any, alice: Any, english_first: Any
) -> None:
    for person in (alice, luna):
        client = client_for(person)
        posted = client.post(reverse("outcomes:answer", args=["phq9"]), answers(values))
        assert posted.status_code == 302
        client.get(posted["Location"])
    english, spanish = Response.objects.get(user=alice), Response.objects.get(user=luna)
    assert (english.score, english.band, english.language) == (total, band, "en")
    assert (spanish.score, spanish.band, spanish.language) == (total, band, "es")
    assert spanish.answers == english.answers


def test_a_spanish_member_sees_the_official_spanish_phq9_word_for_word(luna: Any) -> None:
    page = client_for(luna).get(reverse("outcomes:answer", args=["phq9"])).content.decode()
    assert (
        "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?"
        in page
    )
    assert "9. Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera" in page
    for label in (
        "Ningún día",
        "Varios días",
        "Más de la mitad de los días",
        "Casi todos los días",
        "No ha sido difícil",
        "Extremadamente difícil",
    ):
        assert label in page
    assert "No se requiere permiso para reproducir, traducir, presentar o distribuir." in page
    assert "no hay una versión para españa" in page.lower()
    assert "Little interest" not in page and "Not at all" not in page
    assert "why-english" not in page


def test_a_spanish_browser_gets_the_spanish_gad7(alice: Any) -> None:
    page = (
        client_for(alice)
        .get(reverse("outcomes:answer", args=["gad7"]), HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert "7. Ha tenido miedo de que algo terrible fuera a pasar" in page
    assert "Feeling afraid" not in page


def test_spanish_item9_shows_help_in_spanish_with_lines_for_spain_and_alerts(
    luna: Any, mo: Any
) -> None:
    client = client_for(luna)
    posted = client.post(
        reverse("outcomes:answer", args=["phq9"]), answers([1, 1, 0, 0, 0, 0, 0, 0, 2])
    )
    result = client.get(posted["Location"]).content.decode()
    assert "No tienes que enfrentarte a esto en soledad." in result
    assert "024" in result and "717 003 717" in result
    assert CrisisAlert.objects.get(member=luna).level == "high"


@pytest.mark.parametrize("key", ["ucla3", "id4", "id1"])
def test_a_measure_without_a_sourced_spanish_version_is_in_english_with_a_spanish_note(
    key: str, luna: Any, group: Any
) -> None:
    join(luna, group)
    url = reverse("outcomes:answer", args=[key]) + (
        f"?group={group.slug}" if key != "ucla3" else ""
    )
    page = client_for(luna).get(url).content.decode()
    english = instruments.get(key)
    for item in english.items:
        assert english.item_text(item, group.name) in page
    assert 'lang="en"' in page
    assert "no hemos encontrado una versión publicada y validada en tu idioma" in page


def test_the_note_is_not_shown_to_english_readers(alice: Any) -> None:
    page = client_for(alice).get(reverse("outcomes:answer", args=["ucla3"])).content.decode()
    assert "why-english" not in page and 'lang="en"' in page.split("<body", 1)[0]


def test_a_measure_answered_in_english_is_stored_as_english(luna: Any, english_first: Any) -> None:
    client = client_for(luna)
    client.post(reverse("outcomes:answer", args=["ucla3"]), answers([2, 1, 3]))
    response = Response.objects.get(user=luna)
    assert (response.score, response.language) == (6, "en")


def test_my_export_shows_the_wording_i_read(luna: Any, english_first: Any) -> None:
    client = client_for(luna)
    client.post(reverse("outcomes:answer", args=["gad7"]), answers([1, 1, 1, 1, 1, 1, 1]))
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("outcomes:export_mine")).content.decode()))
    )
    assert "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta" in [
        r[6] for r in rows
    ]


def test_session_feedback_our_own_form_is_in_spanish(luna: Any, group: Any) -> None:
    join(luna, group)
    page = (
        client_for(luna)
        .get(reverse("outcomes:answer", args=["feedback"]) + f"?group={group.slug}")
        .content.decode()
    )
    assert "Sentí que me escuchaban y me comprendían." in page and "Totalmente" in page
    assert "I felt heard" not in page
