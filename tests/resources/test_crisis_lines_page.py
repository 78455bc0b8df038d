"""The public crisis lines page and the sourced table behind it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.accounts.countries import COUNTRIES, ELSEWHERE
from alongside.safety.crisis_lines import CRISIS_LINES, NO_SOURCED_LINE, lines_for
from tests.conftest import client_for, make_user


def numbers(country: str, language: str = "en") -> list[str]:
    return [line["numbers"] for line in lines_for(country, language)]


def test_every_line_names_its_source_and_last_verified_date() -> None:
    for line in CRISIS_LINES:
        assert line.source and line.last_verified


def test_the_required_lines_are_exact() -> None:
    firsts = {
        c: numbers(c)[0] for c in ("US", "CA", "GB", "IE", "AU", "NZ", "FR", "NL", "DE", "IN")
    }
    assert firsts == {
        "US": "988",
        "CA": "9-8-8",
        "GB": "116 123",
        "IE": "116 123",
        "AU": "13 11 14",
        "NZ": "1737",
        "FR": "3114",
        "NL": "113",
        "DE": "0800 111 0 111",
        "IN": "14416",
    }


def test_the_spanish_speaking_countries_lines_are_exactly_those_in_the_clinical_reference() -> None:
    # shared/CLINICAL.md, "Crisis lines, Spanish-speaking countries"; the last entry is the
    # emergency number ("" where we have no sourced one: "your local emergency number").
    assert {
        c: numbers(c, "es") for c in ("ES", "MX", "AR", "CO", "CL", "PE", "UY", "EC", "PY", "PA")
    } == {
        "ES": ["024", "717 003 717", "112"],
        "MX": ["800 911 2000", ""],
        "AR": ["0800-999-0091", "135", ""],
        "CO": ["106", "192", ""],
        "CL": ["*4141", ""],
        "PE": ["113", ""],
        "UY": ["0800 0767", ""],
        "EC": ["171", ""],
        "PY": ["155", ""],
        "PA": ["147", ""],
    }


def test_how_to_reach_each_line_keeps_the_details_people_need() -> None:
    how = {
        line["numbers"]: line["how"]
        for c in ("AR", "CO", "PE", "EC", "UY", "PA")
        for line in lines_for(c, "en")
    }
    assert "(011) 5275-1135" in how["135"] and "not 24 hours" in how["135"]
    assert "Bogotá only" in how["106"] and "300 754 8933" in how["106"]
    assert "option 4" in how["192"]
    assert "option 5" in how["113"] and "option 6" in how["171"]
    assert "*0767" in how["0800 0767"] and "6534-2546" in how["147"]


def test_spanish_speakers_in_the_us_get_the_988_spanish_service_first() -> None:
    spanish = lines_for("US", "es")
    assert spanish[0]["name"] == "988 Lifeline en español"
    assert "AYUDA" in spanish[0]["how"] and "2" in spanish[0]["how"]
    assert [line["name"] for line in lines_for("US", "en")] == [
        "988 Suicide & Crisis Lifeline",
        "Your local emergency number",
    ]


def test_the_lines_are_described_in_the_readers_language() -> None:
    assert (
        lines_for("MX", "es")[0]["how"]
        == "Secretaría de Salud (CONASAMA). 24 horas, los 365 días del año"
    )
    assert (
        lines_for("MX", "en")[0]["how"]
        == "Secretaría de Salud (CONASAMA). 24 hours, 365 days a year"
    )
    assert lines_for("ES", "es")[-1]["name"] == "Emergencias"


def test_every_country_in_the_profile_has_lines_or_the_documented_fallback() -> None:
    for code, _name in COUNTRIES:
        has_line = any(code in line.countries for line in CRISIS_LINES)
        assert has_line != (code in NO_SOURCED_LINE), code
    assert set(NO_SOURCED_LINE) <= {code for code, _name in COUNTRIES}


def test_a_country_without_a_sourced_line_gets_its_emergency_number_then_the_directory() -> None:
    costa_rica = lines_for("CR", "es")
    assert costa_rica[0]["numbers"] == "911"
    assert len(costa_rica) == 1 + len(
        [line for line in CRISIS_LINES if not line.languages or "es" in line.languages]
    )
    venezuela = lines_for("VE", "es")
    assert (
        venezuela[0]["numbers"] == "" and venezuela[0]["name"] == "Tu número de emergencias local"
    )


def test_unknown_countries_get_the_emergency_advice_and_every_line() -> None:
    for code in ("BR", ELSEWHERE, ""):
        lines = lines_for(code, "en")
        assert lines[0]["name"] == "Your local emergency number"
        assert len(lines) == 1 + len([line for line in CRISIS_LINES if not line.languages])


def test_the_page_is_public_and_lists_the_lines(client: Any, db: Any) -> None:
    page = client.get("/resources/crisis/").content.decode()
    for expected in (
        "988",
        "116 123",
        "13 11 14",
        "1737",
        "3114",
        "0800 111 0 111",
        "14416",
        "samaritans.org",
        "024",
        "717 003 717",
        "800 911 2000",
        "*4141",
        "rtve.es",
        "checked 2026-12-04",
        "local emergency number",
        "not yet on each service's own site",
    ):
        assert expected in page
    assert "Costa Rica" in page and "In an emergency call 911" in page
    assert (
        'href="https://rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-suicidio/2347183.shtml"'
        in page
    )


def test_a_signed_in_member_sees_their_country_first(alice: Any) -> None:
    page = client_for(alice).get("/resources/crisis/").content.decode()
    assert page.index("Near you") < page.index("116 123") < page.index("By country")


def test_a_spanish_member_in_spain_sees_their_lines_first_in_spanish(db: Any) -> None:
    luna = make_user("luna", country="ES", languages="es", ui_language="es")
    page = client_for(luna).get(reverse("resources:crisis")).content.decode()
    assert (
        page.index("Cerca de ti")
        < page.index("024")
        < page.index("717 003 717")
        < page.index("Por país")
    )
    assert "Gratuita, confidencial, 24/7" in page


def test_a_member_in_a_country_without_a_sourced_line_is_told_so(db: Any) -> None:
    tico = make_user("tico", country="CR", ui_language="es")
    page = client_for(tico).get(reverse("resources:crisis")).content.decode()
    near = page[page.index("Cerca de ti") : page.index("Por país")]
    assert "911" in near and "todavía no tenemos una línea de crisis verificada" in near.lower()
