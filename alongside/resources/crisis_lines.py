"""Crisis lines by country: data, in one place, with where each was found and when it was last
checked. Copied exactly from shared/CLINICAL.md. Confirm each on the service's own site before a
release and update LAST_VERIFIED (and the per-line date) when you do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# The date the entries below were last checked against the sources named beside them (via
# shared/CLINICAL.md). Not yet confirmed on each service's own site: do that before a release,
# then set CONFIRMED_ON_SERVICE_SITES and the date.
LAST_VERIFIED = "2026-11-22"
CONFIRMED_ON_SERVICE_SITES = False


@dataclass(frozen=True)
class CrisisLine:
    countries: tuple[str, ...]
    name: str
    numbers: str
    how: Any
    source: str
    last_verified: str = LAST_VERIFIED

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "numbers": self.numbers, "how": str(self.how),
                "source": self.source, "last_verified": self.last_verified}


CRISIS_LINES: tuple[CrisisLine, ...] = (
    CrisisLine(("US",), "988 Suicide & Crisis Lifeline", "988",
               _("Call, text or chat (since 16 Jul 2022)"), "California state government page (cdcr.ca.gov)"),
    CrisisLine(("CA",), "9-8-8", "9-8-8", _("Call or text (since 30 Nov 2023)"),
               "Government of Canada release on newswire.ca"),
    CrisisLine(("GB", "IE"), "Samaritans", "116 123", _("Free, 24/7"), "samaritans.org"),
    CrisisLine(("AU",), "Lifeline", "13 11 14", _("Call; text 0477 13 11 14"), "lifeinmind.org.au"),
    CrisisLine(("NZ",), "1737", "1737", _("Call or text"), "Pegasus Health"),
    CrisisLine(("DE",), "TelefonSeelsorge", "0800 111 0 111", _("Or 0800 111 0 222, or 116 123"), "domradio.de"),
    CrisisLine(("FR",), "3114", "3114", _("Since Oct 2021"), "3114.fr"),
    CrisisLine(("NL",), "113", "113", _("Or 0800-0113"), "nu.nl, ANP"),
    CrisisLine(("IN",), "Tele-MANAS", "14416", _("Or 1-800-891-4416"), "Shillong Times"),
)

COUNTRY_NAMES = {
    "US": _("United States"), "CA": _("Canada"), "GB": _("United Kingdom"), "IE": _("Ireland"),
    "AU": _("Australia"), "NZ": _("New Zealand"), "DE": _("Germany"), "FR": _("France"),
    "NL": _("Netherlands"), "IN": _("India"),
}


def emergency_line() -> dict[str, str]:
    return {"name": str(_("Your local emergency number")), "numbers": "",
            "how": str(_("When life is in immediate danger, everywhere")), "source": "", "last_verified": ""}


def lines_for(country: str | None) -> list[dict[str, str]]:
    """The crisis lines for a country (ISO 3166 alpha-2; "UK" is read as GB), then the local
    emergency number, which applies everywhere. Unknown country: every line we know, so the
    person can find theirs."""
    code = (country or "").upper()
    if code == "UK":
        code = "GB"
    chosen = [line for line in CRISIS_LINES if code in line.countries]
    if not chosen:
        chosen = list(CRISIS_LINES)
    return [line.as_dict() for line in chosen] + [emergency_line()]


def by_country() -> list[tuple[str, str, list[CrisisLine]]]:
    """(code, name, lines) for the public page, in table order."""
    rows: list[tuple[str, str, list[CrisisLine]]] = []
    for line in CRISIS_LINES:
        for code in line.countries:
            rows.append((code, str(COUNTRY_NAMES.get(code, code)), [line]))
    return rows
