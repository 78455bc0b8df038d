"""Ranking groups for one person, with the reasons in plain words. No database here.

Being sent to just any group rarely helps (Dean, Potts & Barker 2016: most people directed to an
online group never used it), so matching weighs what makes a person likely to *identify* with a
group: its focus, people like them (audience and life context), a language they speak and a
format they can attend. Hard rules (age separation, language) exclude; the rest scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Which life contexts (accounts.Context) an audience speaks to.
AUDIENCE_CONTEXTS = {
    "caregivers": {"caregiver"},
    "workplace": {"workplace"},
    "lgbtq": {"lgbtq"},
    "veterans": {"veteran"},
    "students": {"student"},
    "cultural": {"cultural"},
    "parents": {"parent"},
}


@dataclass(frozen=True)
class Person:
    is_youth: bool
    languages: tuple[str, ...]
    contexts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Wishes:
    focuses: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()
    leadership: str = ""


@dataclass(frozen=True)
class Candidate:
    key: int
    focus: str
    audience: str
    format: str
    leadership: str
    language: str
    has_space: bool


@dataclass
class Match:
    key: int
    score: float
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)


def rank(person: Person, wishes: Wishes, candidates: list[Candidate]) -> list[Match]:
    matches = [m for c in candidates if (m := _score(person, wishes, c)) is not None]
    return sorted(matches, key=lambda m: (-m.score, m.key))


def _score(person: Person, wishes: Wishes, c: Candidate) -> Match | None:
    if (c.audience == "youth") != person.is_youth:
        return None  # youth spaces never mix with adults
    if c.language not in person.languages:
        return None
    match = Match(key=c.key, score=0.0)
    if wishes.focuses:
        if c.focus in wishes.focuses:
            match.score += 5
            match.reasons.append(_("It focuses on what you asked for support with."))
        elif c.focus == "wellbeing":
            match.score += 1
        else:
            match.score -= 3
    audience_contexts = AUDIENCE_CONTEXTS.get(c.audience, set())
    if audience_contexts & person.contexts:
        match.score += 3
        match.reasons.append(_("It is for people in a situation like yours."))
    elif audience_contexts:
        match.score -= 2
        match.cautions.append(_("It is mainly for a particular community."))
    if c.audience == "youth":
        match.reasons.append(_("It is a space for young people only."))
    if wishes.formats:
        if c.format in wishes.formats:
            match.score += 2
            match.reasons.append(_("It meets in the way you prefer."))
        else:
            match.score -= 2
    if wishes.leadership and c.leadership == wishes.leadership:
        match.score += 1
        match.reasons.append(_("It is led the way you prefer."))
    if len(person.languages) > 1 or c.language != "en":
        match.reasons.append(_("It is held in a language you speak."))
    if c.has_space:
        match.score += 1
    else:
        match.score -= 1
        match.cautions.append(_("It is full right now: you can join the waitlist."))
    match.reasons.append(_("You can listen first and share when you're ready."))
    return match
