"""Crisis lines by country: data, in one place, with where each was found and when it was last
checked. Copied exactly from shared/CLINICAL.md (its "Crisis lines" table and the Spanish
section's "Crisis lines, Spanish-speaking countries"). Confirm each on the service's own site
before a release and update LAST_VERIFIED (and the per-line date) when you do.

Names are the services' own (not translated); how to reach each line is translated. A line
answered in one language only for some callers (988 in Spanish) names that language, and is
shown first to people who speak it. A country CLINICAL.md found no sourced line for is in
NO_SOURCED_LINE: it gets its emergency number where one is sourced, and the whole directory,
never a number we could not source.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from alongside.accounts.countries import COUNTRY_NAMES

# The date the entries below were last checked against the sources named beside them (via
# shared/CLINICAL.md). Not yet confirmed on each service's own site: do that before a release,
# then set CONFIRMED_ON_SERVICE_SITES and the date.
LAST_VERIFIED = "2026-11-22"
# The Spanish-speaking countries' lines (CLINICAL.md's Spanish section, gathered 2026-12).
LAST_VERIFIED_ES = "2026-12-04"
CONFIRMED_ON_SERVICE_SITES = False


@dataclass(frozen=True)
class CrisisLine:
    countries: tuple[str, ...]
    name: str
    numbers: str
    how: Any
    source: Any  # where it was found; a description in words is translated, a site name is not
    last_verified: str = LAST_VERIFIED
    # Empty: for everyone in these countries. Else the language(s) this entry is for.
    languages: tuple[str, ...] = ()

    @property
    def source_url(self) -> str:
        """The page it was found on, when the source is a page address (CLINICAL.md gives them
        without the scheme)."""
        text = str(self.source)
        return f"https://{text}" if " " not in text and "/" in text else ""

    @property
    def source_label(self) -> str:
        """The site's name for a page address (the table stays readable), else the source."""
        return str(self.source).split("/")[0] if self.source_url else str(self.source)

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "numbers": self.numbers,
            "how": str(self.how),
            "source": str(self.source),
            "last_verified": self.last_verified,
        }


CRISIS_LINES: tuple[CrisisLine, ...] = (
    CrisisLine(
        ("US",),
        "988 Lifeline en español",
        "988",
        _("In Spanish: call 988 and press 2, text “AYUDA” to 988, or chat in Spanish; 24/7"),
        "988lifeline.org/get-help/what-to-expect",
        LAST_VERIFIED_ES,
        languages=("es",),
    ),
    CrisisLine(
        ("US",),
        "988 Suicide & Crisis Lifeline",
        "988",
        _("Call, text or chat (since 16 Jul 2022)"),
        _("California state government page (cdcr.ca.gov)"),
    ),
    CrisisLine(
        ("CA",),
        "9-8-8",
        "9-8-8",
        _("Call or text (since 30 Nov 2023)"),
        _("Government of Canada release on newswire.ca"),
    ),
    CrisisLine(("GB", "IE"), "Samaritans", "116 123", _("Free, 24/7"), "samaritans.org"),
    CrisisLine(("AU",), "Lifeline", "13 11 14", _("Call; text 0477 13 11 14"), "lifeinmind.org.au"),
    CrisisLine(("NZ",), "1737", "1737", _("Call or text"), "Pegasus Health"),
    CrisisLine(
        ("DE",),
        "TelefonSeelsorge",
        "0800 111 0 111",
        _("Or 0800 111 0 222, or 116 123"),
        "domradio.de",
    ),
    CrisisLine(("FR",), "3114", "3114", _("Since Oct 2021"), "3114.fr"),
    CrisisLine(("NL",), "113", "113", _("Or 0800-0113"), "nu.nl, ANP"),
    CrisisLine(("IN",), "Tele-MANAS", "14416", _("Or 1-800-891-4416"), "Shillong Times"),
    # Spanish-speaking countries (CLINICAL.md, Spanish section; confidence H unless noted).
    CrisisLine(
        ("ES",),
        "024 Línea de atención a la conducta suicida",
        "024",
        _(
            "Ministerio de Sanidad, answered by the Red Cross. Free, confidential, 24/7, with "
            "sign-language and phone interpretation. Emergencies: 112"
        ),
        "rtve.es/noticias/20220509/sanidad-presenta-telefono-prevencion-suicidio/2347183.shtml",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("ES",),
        "Teléfono de la Esperanza",
        "717 003 717",
        _("24 hours; also the “Chat de la Esperanza”"),
        "teleonuba.es/el-telefono-de-la-esperanza-una-llamada-que-salva-vidas/",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("MX",),
        "Línea de la Vida",
        "800 911 2000",
        _("Secretaría de Salud (CONASAMA). 24 hours, 365 days a year"),
        "eluniversal.com.mx/nacion/promueven-la-linea-de-la-vida-tras-presentar-encuesta-sobre-"
        "consumo-de-drogas-asi-puedes-pedir-ayuda/",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("AR",),
        "Ministerio de Salud de la Nación",
        "0800-999-0091",
        _("Mental health support line. 24 hours, 365 days a year"),
        "morondigital.com.ar/2022/09/11/nueva-linea-de-orientacion-y-apoyo-en-la-urgencia-de-salud-mental/",
        LAST_VERIFIED_ES,
    ),
    # Confidence M (one 2022 news source).
    CrisisLine(
        ("AR",),
        "Centro de Asistencia al Suicida",
        "135",
        _(
            "135 from Buenos Aires city and area, (011) 5275-1135 from the rest of the country. "
            "From 8:00 to 24:00 (not 24 hours)"
        ),
        "elauditor.info (2022)",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("CO",),
        "Línea 106",
        "106",
        _("Bogotá only. 24/7; WhatsApp 300 754 8933"),
        "bogota.gov.co/servicios/guia-de-tramites-y-servicios/linea-106",
        LAST_VERIFIED_ES,
    ),
    # Confidence M (infobae.com, 2021); its hours were not found.
    CrisisLine(
        ("CO",),
        "MinSalud",
        "192",
        _("Call 192 and choose option 4"),
        "infobae.com (2021-04-15)",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("CL",),
        "Minsal",
        "*4141",
        _("From any mobile phone. Free, 24/7; Minsal also has a chat"),
        "biobiochile.cl/noticias/nacional/chile/2023/01/06/no-estas-solo-minsal-lanza-fono-"
        "confidencial-4141-para-auxiliar-a-personas-con-ideacion-suicida.shtml",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("PE",),
        "Minsa",
        "113",
        _("Call 113 and choose option 5; 24/7"),
        "infobae.com/peru/2025/08/16/crisis-silenciosa-jovenes-de-18-a-29-anos-son-quienes-mas-"
        "buscan-ayuda-por-ansiedad-y-depresion/",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("UY",),
        "Línea Vida",
        "0800 0767",
        _("Or *0767 from a mobile phone. ASSE / MSP; 24 hours, 365 days a year"),
        "jbcdepiriapolis.com.uy/2020/07/linea-vida-0800-0767.html",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(
        ("EC",),
        "MSP",
        "171",
        _("Call 171 and choose option 6; 24/7"),
        "expreso.ec/buenavida/el-pacto-nacional-por-la-salud-mental-5-servicios-gratuitos-en-"
        "ecuador-274020.html",
        LAST_VERIFIED_ES,
    ),
    CrisisLine(("PY",), "MSPyBS", "155", _("24/7"), "abc.com.py (2025-08-24)", LAST_VERIFIED_ES),
    CrisisLine(
        ("PA",),
        "MIDES",
        "147",
        _("24/7; WhatsApp 6534-2546"),
        "critica.com.pa/nacional/linea-147-del-mides-salva-vidas-con-mas-de-7-mil-atenciones-497233",
        LAST_VERIFIED_ES,
    ),
)

# Emergency numbers we have a source for (otherwise: "your local emergency number").
EMERGENCY_NUMBERS: dict[str, tuple[str, str]] = {
    "ES": ("112", "rtve.es (with the 024 line); Ministerio de Sanidad guide, via CLINICAL.md"),
    "CR": ("911", "CLINICAL.md, Spanish section (Costa Rica)"),
}

# Countries a person can choose for which CLINICAL.md has no sourced crisis line, and why: they
# get their emergency number (when sourced) and the whole directory, never an unsourced number.
NO_SOURCED_LINE: dict[str, str] = {
    "CR": "“Aquí Estoy”: four different numbers in the sources",
    "VE": "no official national line found",
    "BO": "not researched yet",
    "CU": "not researched yet",
    "DO": "not researched yet",
    "SV": "not researched yet",
    "GT": "not researched yet",
    "HN": "not researched yet",
    "NI": "not researched yet",
}


def emergency_line(country: str = "") -> dict[str, str]:
    number, source = EMERGENCY_NUMBERS.get(country, ("", ""))
    if number:
        return {
            "name": str(_("Emergencies")),
            "numbers": number,
            "how": str(_("When life is in immediate danger")),
            "source": source,
            "last_verified": LAST_VERIFIED_ES,
        }
    return {
        "name": str(_("Your local emergency number")),
        "numbers": "",
        "how": str(_("When life is in immediate danger, everywhere")),
        "source": "",
        "last_verified": "",
    }


def _normalise(country: str | None) -> str:
    code = (country or "").upper()
    return "GB" if code == "UK" else code


def lines_for(country: str | None, language: str | None = None) -> list[dict[str, str]]:
    """The crisis lines for a country (ISO 3166 alpha-2; "UK" is read as GB), then the emergency
    number, which applies everywhere. Lines for one language only go to people who speak it
    (`language`, default the active one), first. A country without a sourced line, or an unknown
    one: its emergency number first (the generic advice when we have no number), then every line
    we know, so the person can find theirs. Described in `language` too."""
    code = _normalise(country)
    language = (language or get_language() or "en").split("-")[0]
    spoken = [line for line in CRISIS_LINES if not line.languages or language in line.languages]
    chosen = sorted(
        (line for line in spoken if code in line.countries), key=lambda line: not line.languages
    )  # the line in your language first
    with override(language):  # described in that language
        if (
            not chosen
        ):  # the emergency number is the one sure thing there: first, then the directory
            return [emergency_line(code)] + [line.as_dict() for line in spoken]
        return [line.as_dict() for line in chosen] + [emergency_line(code)]


def has_sourced_line(country: str) -> bool:
    return any(_normalise(country) in line.countries for line in CRISIS_LINES)


def by_country() -> list[tuple[str, str, list[CrisisLine], str]]:
    """(code, name, lines, emergency number or "") for the public page, one row per country in
    the reader's alphabetical order; a country with no sourced line has no lines (the page says
    so and shows its emergency number where we have it)."""
    lines: dict[str, list[CrisisLine]] = {}
    for line in CRISIS_LINES:
        for code in line.countries:
            lines.setdefault(code, []).append(line)
    for code in NO_SOURCED_LINE:
        lines.setdefault(code, [])

    def key(code: str) -> str:
        name = str(COUNTRY_NAMES.get(code, code))
        return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()

    return [
        (
            code,
            str(COUNTRY_NAMES.get(code, code)),
            lines[code],
            EMERGENCY_NUMBERS.get(code, ("", ""))[0],
        )
        for code in sorted(lines, key=key)
    ]
