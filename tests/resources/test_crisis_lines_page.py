"""The public crisis lines page and the sourced table behind it."""

from __future__ import annotations

from typing import Any

from alongside.resources.crisis_lines import CRISIS_LINES, lines_for
from tests.conftest import client_for


def test_every_line_names_its_source_and_last_verified_date() -> None:
    for line in CRISIS_LINES:
        assert line.source and line.last_verified


def test_the_required_lines_are_exact() -> None:
    numbers = {c: [ln["numbers"] for ln in lines_for(c)][0] for c in
               ("US", "CA", "GB", "IE", "AU", "NZ", "FR", "NL", "DE", "IN")}
    assert numbers == {"US": "988", "CA": "9-8-8", "GB": "116 123", "IE": "116 123", "AU": "13 11 14",
                       "NZ": "1737", "FR": "3114", "NL": "113", "DE": "0800 111 0 111", "IN": "14416"}


def test_unknown_countries_get_every_line_and_the_emergency_number() -> None:
    lines = lines_for("BR")
    assert len(lines) == len(CRISIS_LINES) + 1
    assert lines[-1]["name"] == "Your local emergency number"


def test_the_page_is_public_and_lists_the_lines(client: Any, db: Any) -> None:
    page = client.get("/resources/crisis/").content.decode()
    for expected in ("988", "116 123", "13 11 14", "1737", "3114", "0800 111 0 111", "14416", "samaritans.org",
                     "local emergency number", "Last verified"):
        assert expected in page


def test_a_signed_in_member_sees_their_country_first(alice: Any) -> None:
    page = client_for(alice).get("/resources/crisis/").content.decode()
    assert page.index("Near you") < page.index("116 123") < page.index("By country")
