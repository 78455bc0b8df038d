"""Private information in a message: e-mail addresses, phone numbers, street addresses, payment
card numbers and other people's full names. Pure Python rules (no model), so every hit can be
explained to the author ("this looks like a phone number"). Crisis lines are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")

# Digit groups joined by spaces, dots, dashes or brackets, with an optional +country code and
# extension; 7–15 digits in all. Dates, times, money and card numbers are told apart afterwards.
PHONE = re.compile(
    r"(?<![\w+/-])(?:\+|00)?\(?\d{1,4}\)?(?:[ .\-\u00a0]?\(?0?\)?[ .\-\u00a0]?\(?\d{1,5}\)?){1,6}"
    r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w/])"
)
DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})\b")
# Seven digits, each at most 3 characters after the last (as "(?:\d\D{0,3}){7}", found faster).
_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")
_TWO_CAPITALS = re.compile(r"[A-Z][a-zà-ÿ'’-]+ (?:[A-Z]\.? )?[A-Z][a-zà-ÿ]")
IP_LIKE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
SSN_LIKE = re.compile(r"^\d{3}-\d{2}-\d{4}$")

# Helplines are shared on purpose; never warn about them.
SAFE_NUMBERS = {
    "988",
    "911",
    "999",
    "112",
    "000",
    "111",
    "116123",
    "131114",
    "0477131114",
    "1737",
    "3114",
    "113",
    "08000113",
    "08001110111",
    "08001110222",
    "14416",
    "18008914416",
    "741741",
    "85258",
    # Spain (024, Teléfono de la Esperanza), Mexico (Línea de la Vida), the other Spanish-speaking
    # countries' lines in crisis_lines.py.
    "024",
    "717003717",
    "8009112000",
    "08000767",
    "08009990091",
    "106",
    "135",
    "147",
    "155",
    "171",
    "192",
}

STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|close|court|ct|place|pl|"
    r"terrace|crescent|square|sq|highway|hwy|parkway|pkwy|gardens|grove|row|mews|circle|cir|trail|"
    r"strasse|straße|str|weg|gasse|platz|allee|rue|avenue|calle|via|rua|straat|laan|vej|gata|katu|tie|utca|ulica"
)


def _capitalised(alternatives: str) -> str:
    return "|".join(w[:1].upper() + w[1:] for w in alternatives.split("|"))


# Addresses: a street word ("Road", "Str.", "katu"…) with a house number just before or after
# it, found from the street words so that long messages stay fast; then flats, PO boxes, UK
# postcodes, US state + ZIP, and "I live at/on …".
STREET_WORD = re.compile(
    rf"\b(?:{_capitalised(STREET_TYPES)}|{STREET_TYPES.upper()})\b\.?|\b[A-Z][a-zà-ÿ]+(?:straße|strasse|gasse|weg|katu|tie|vej|gatan|gata|laan|straat|utca)\b"
)
_NUMBER_BEFORE = re.compile(r"\b\d{1,5}[a-z]?,? (?:[A-Z][\w'.-]+ ){0,3}$")
_NUMBER_AFTER = re.compile(r" \d{1,5}[a-z]?\b")
ADDRESS_OTHER = re.compile(
    r"\b(?i:apt|apartment|suite|unit|flat)\.? ?#?\d{1,5}\b"
    r"|\b(?i:p\.?o\.? box) \d+\b"
    r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"  # UK postcode
    r"|\b(?i:i|we) live (?:at|on) (?:\d+ )?[A-Z]\w+",
)
US_STATE_ZIP = re.compile(
    r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY),? \d{5}(?:-\d{4})?\b"
)
_HAS_DIGIT = re.compile(r"\d")
_HAS_ZIP = re.compile(r"\d\d{4}")  # "\d{5}", but the regex engine can skip to the digits


def _addresses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    digits = [m.start() for m in _HAS_DIGIT.finditer(text)]
    # A street word counts only with a house number in the 60 characters before it or just
    # after it. A street word is one word (no spaces): so it is looked for only in the runs of
    # whole words around digits; the others could not count.
    for start, end in _merged(
        (text.rfind(" ", 0, max(0, d - 1)) + 1, _space_after(text, d + 61)) for d in digits
    ):
        for m in STREET_WORD.finditer(text, start, end):
            before = _NUMBER_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if before:
                spans.append((before.start(), m.end()))
                continue
            after = _NUMBER_AFTER.match(text, m.end())
            if after:
                spans.append((m.start(), after.end()))
    if digits and _HAS_ZIP.search(text):
        spans += [(m.start(), m.end()) for m in US_STATE_ZIP.finditer(text)]
    # A flat, PO box or postcode has a digit at most 12 characters after its start, "I/we live
    # at" its " live " at most 2: only there can a match start.
    lives = [m.start() for m in _LIVE.finditer(text)]
    starts = _merged(
        [(max(0, d - 12), d + 1) for d in digits] + [(max(0, q - 2), q) for q in lives]
    )
    for m in _matches_at(ADDRESS_OTHER, text, starts):
        if digits or m.group(0).lower().startswith(("i live", "we live")):
            spans.append((m.start(), m.end()))
    return spans


_LIVE = re.compile(" live ")


def _space_after(text: str, i: int) -> int:
    """The first space at or after i, or the end of the text."""
    j = text.find(" ", i)
    return len(text) if j < 0 else j


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _matches_at(
    rx: re.Pattern[str], text: str, starts: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)` when every match starts in one of the ranges `starts` (sorted, apart)
    and none is empty: only those positions are tried."""
    pos = 0
    for a, b in starts:
        p = max(a, pos)
        while p < b:
            m = rx.match(text, p)
            if m:
                yield m
                p = pos = m.end()
            else:
                p += 1


# Someone's full name: two or three capitalised words after a cue ("my friend", "named",
# "called", "with", "told") or a title, not a place or weekday. Members use handles, so a real
# full name in a message is usually someone else's.
_NAME_WORD = r"[A-Z][a-zà-ÿ'’-]{1,20}"
_CUE_OWNERS = ("my", "our", "his", "her", "their", "mi", "tu", "su", "nuestro", "nuestra")
_CUE_PEOPLE = (
    "friend",
    "boyfriend",
    "girlfriend",
    "partner",
    "husband",
    "wife",
    "ex",
    "brother",
    "sister",
    "cousin",
    "boss",
    "manager",
    "teacher",
    "therapist",
    "doctor",
    "neighbour",
    "neighbor",
    "colleague",
    "coworker",
    "classmate",
    "dad",
    "mum",
    "mom",
    "son",
    "daughter",
    "uncle",
    "aunt",
    "stepdad",
    "stepmom",
    "stepmum",
    "landlord",
    "abuser",
    "amigo",
    "amiga",
    "novio",
    "novia",
    "pareja",
    "marido",
    "esposo",
    "esposa",
    "hermano",
    "hermana",
    "primo",
    "prima",
    "jefe",
    "jefa",
    "profe",
    "profesor",
    "profesora",
    "vecino",
    "vecina",
    "compañero",
    "compañera",
    "padre",
    "madre",
    "papá",
    "mamá",
    "hijo",
    "hija",
    "tío",
    "tía",
    "terapeuta",
    "psicólogo",
    "psicóloga",
    "médico",
    "médica",
    "agresor",
    "casero",
    "casera",
    "padrastro",
    "madrastra",
)
_CUE_VERBS = (
    "named",
    "called",
    "name is",
    "name's",
    "is",
    "with",
    "from",
    "told",
    "met",
    "ask",
    "asked",
    "contact",
    "email",
    "call",
    "text",
    "message",
    "meet",
    "dm",
    "tell",
    "se llama",
    "llamado",
    "llamada",
    "me llamo",
    "es",
    "con",
    "escribe a",
    "llama a",
    "habla con",
    "pregunta por",
    "conocí a",
    "contacta a",
    "contacta con",
)
_CUE_TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Sr",
    "Sra",
    "Srta",
    "Dra",
    "Lic",
    "Don",
    "Doña",
)
_NAME_CUE = (
    rf"(?:\b(?:{'|'.join(_CUE_OWNERS)}) (?:{'|'.join(_CUE_PEOPLE)})|\b(?:{'|'.join(_CUE_VERBS)})"
    rf"|\b(?:{'|'.join(_CUE_TITLES)})\.?)"
)
# How long a cue can be, from its words: "my ex" … "their girlfriend", "is" … "message", "Mr" … "Prof.".
_CUE_LENGTHS = (
    [len(o) + 1 + len(p) for o in _CUE_OWNERS for p in _CUE_PEOPLE]
    + [len(v) for v in _CUE_VERBS]
    + [len(t) + dot for t in _CUE_TITLES for dot in (0, 1)]
)
_CUE_MIN, _CUE_MAX = min(_CUE_LENGTHS), max(_CUE_LENGTHS)
NAME_CUES = re.compile(rf"{_NAME_CUE} ({_NAME_WORD}(?: [A-Z]\.?)? {_NAME_WORD}(?: {_NAME_WORD})?)")
# Where a name can start (two capitalised words), and how long a cue can be: a match of
# NAME_CUES starts a cue's length and a space before such a place.
_NAME_START = re.compile(r"[A-Z](?=[a-zà-ÿ'’-]{1,20}(?: [A-Z]\.?)? [A-Z][a-zà-ÿ'’-])")
NOT_NAMES = {
    "I",
    "The",
    "A",
    "An",
    "My",
    "Our",
    "This",
    "That",
    "New",
    "North",
    "South",
    "East",
    "West",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "God",
    "Jesus",
    "Christmas",
    "Easter",
    "Samaritans",
    "Lifeline",
    "Crisis",
    "Text",
    "Line",
    "Suicide",
    "Mental",
    "Health",
    "Alongside",
    "Group",
    "Support",
    "United",
    "Kingdom",
    "States",
    "Street",
    "Road",
    "Avenue",
    "University",
    "College",
    "School",
    "Hospital",
    "Centre",
    "Center",
    "Doctor",
    "Therapist",
    "Mum",
    "Mom",
    "Dad",
    "Covid",
    "Zoom",
    "El",
    "La",
    "Los",
    "Las",
    "Un",
    "Una",
    "Mi",
    "Yo",
    "Hola",
    "Gracias",
    "Dios",
    "Madrid",
    "Barcelona",
    "México",
    "Ciudad",
    "Línea",
    "Vida",
    "Teléfono",
    "Esperanza",
    "Salud",
    "Calle",
    "Avenida",
    "Plaza",
    "Navidad",
    "Semana",
    "Santa",
}


# Identity documents: Spain's DNI (8 digits and a check letter) and NIE (X/Y/Z, 7 digits, a check
# letter), both kept only when the letter checks out; Mexico's CURP (18 characters, its layout is
# specific enough on its own) and RFC (with a date of birth inside).
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
DNI = re.compile(r"(?<![\w-])(\d{8})[ -]?([A-Za-z])(?![\w-])")
NIE = re.compile(r"(?<![\w-])([XYZxyz])[ -]?(\d{7})[ -]?([A-Za-z])(?![\w-])")
CURP = re.compile(
    r"(?<![\w-])[A-Z][AEIOUX][A-Z]{2}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[HMX]"
    r"(?:AS|BC|BS|CC|CL|CM|CS|CH|DF|CX|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE)"
    r"[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d(?![\w-])"
)
RFC = re.compile(
    r"(?<![\w-])[A-ZÑ&]{4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{3}(?![\w-])"
)
_ID_HINT = re.compile(r"\d{6}")


def _identity_documents(text: str) -> list[tuple[int, int]]:
    if not _ID_HINT.search(text):
        return []
    spans = [
        (m.start(), m.end())
        for m in DNI.finditer(text)
        if _DNI_LETTERS[int(m.group(1)) % 23] == m.group(2).upper()
    ]
    spans += [
        (m.start(), m.end())
        for m in NIE.finditer(text)
        if _DNI_LETTERS[int("XYZ".index(m.group(1).upper()).__str__() + m.group(2)) % 23]
        == m.group(3).upper()
    ]
    spans += [(m.start(), m.end()) for m in CURP.finditer(text)]
    spans += [(m.start(), m.end()) for m in RFC.finditer(text)]
    return spans


# Spanish and Latin American addresses: "calle Mayor 5", "C/ Alcalá, 23", "Av. Insurgentes Sur
# 1234", "Paseo de la Reforma 222", "vivo en la calle…".
ADDRESS_ES = re.compile(
    r"\b(?:[Cc]alle|C/|[Aa]venida|[Aa]vda\.?|[Aa]v\.|[Pp]aseo|[Pp]laza|[Cc]arrera|[Cc]ra\.?|[Cc]olonia|[Cc]ol\.|"
    r"[Cc]amino|[Rr]onda|[Tt]ravesía|[Cc]alzada|[Jj]irón|[Pp]asaje)\s+(?:(?:de(?:l| la| los| las)?\s+)?[A-ZÁÉÍÓÚÑ0-9][\wáéíóúñÁÉÍÓÚÑ.]*,?\s+){1,4}"
    r"(?:n[º°o]\.?\s*|#\s*|número\s+)?\d{1,5}\b"
    r"|\b(?i:vivo en (?:la )?(?:calle|avenida|av\.|colonia|c/)) [A-ZÁÉÍÓÚÑ]\w+"
)


@dataclass(frozen=True)
class PiiHit:
    kind: str  # EMAIL, PHONE, ADDRESS, NAME, CARD, ID
    start: int
    end: int


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _phone_or_card(m: re.Match[str], text: str) -> str | None:
    raw = m.group(0).strip()
    digits = re.sub(r"\D", "", raw.split("x")[0].split("ext")[0])
    if DATE_LIKE.match(raw) or SSN_LIKE.match(raw) or IP_LIKE.match(raw):
        return None
    if (
        len(digits) >= 13
        and _luhn(digits)
        and not raw.startswith("+")
        and re.fullmatch(r"[\d -]+", raw)
    ):
        return "CARD"
    if not 7 <= len(digits) <= 15:
        return None
    if digits in SAFE_NUMBERS:
        return None
    # A bare run of digits with no separators and no +: likely a phone only when 9–12 long.
    if raw.isdigit() and not 9 <= len(raw) <= 12:
        return None
    before = text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"(?:[$£€]|\busd|\beur|\bgbp)\s*$", before):
        return None
    # Times and scores ("10.30", "3-2") have too few digits to get here; years alone too.
    return "PHONE"


def find_pii(text: str) -> list[PiiHit]:
    hits: list[PiiHit] = (
        [PiiHit("EMAIL", m.start(), m.end()) for m in EMAIL.finditer(text)] if "@" in text else []
    )
    taken = [(h.start, h.end) for h in hits]
    for m in PHONE.finditer(text) if _SEVEN_DIGITS.search(text) else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        kind = _phone_or_card(m, text)
        if kind:
            hits.append(PiiHit(kind, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for start, end in _identity_documents(text):
        if not any(a <= start < b or start <= a < end for a, b in taken):
            hits.append(PiiHit("ID", start, end))
            taken.append((start, end))
    for start, end in [
        *_addresses(text),
        *((m.start(), m.end()) for m in ADDRESS_ES.finditer(text)),
    ]:
        if not any(a <= start < b or start <= a < end for a, b in taken):
            hits.append(PiiHit("ADDRESS", start, end))
    names = [m.start() for m in _NAME_START.finditer(text)] if _TWO_CAPITALS.search(text) else []
    for m in _matches_at(
        NAME_CUES, text, _merged((max(0, q - 1 - _CUE_MAX), q - _CUE_MIN) for q in names)
    ):
        name = m.group(1)
        words = name.split()
        if any(w.strip(".") in NOT_NAMES for w in words):
            continue
        hits.append(PiiHit("NAME", m.start(1), m.end(1)))
    return sorted(hits, key=lambda h: h.start)


def pii_kinds(text: str) -> list[str]:
    """The kinds found, in a stable order (EMAIL, PHONE, ADDRESS, NAME, CARD, ID)."""
    found = {h.kind for h in find_pii(text)}
    return [k for k in ("EMAIL", "PHONE", "ADDRESS", "NAME", "CARD", "ID") if k in found]


def redact(text: str) -> str:
    """The text with each piece of private information replaced by its kind, e.g. [PHONE]."""
    out = []
    last = 0
    for h in find_pii(text):
        if h.start < last:
            continue
        out.append(text[last : h.start])
        out.append(f"[{h.kind}]")
        last = h.end
    out.append(text[last:])
    return "".join(out)
