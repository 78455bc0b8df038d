"""Ranking groups for one person, with the reasons in plain words. No database here.

Being sent to just any group rarely helps (Dean, Potts & Barker 2016: most people directed to an
online group never used it), so matching *chooses*: it weighs what makes a person likely to
*identify* with a group (Cruwys et al. 2014): its focus, people like them (audience and life
context), a language they speak, a format they can attend, and what they wrote about why they
came. Hard rules exclude: age separation, language, a community the person is not part of, a focus
or a format they did not ask for. What is left is scored, and at most `LIMIT` are suggested.
Reasons are only ever things that are true of the group for this person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

LIMIT = 5

# Which life contexts (accounts.Context) an audience speaks to: groups for a community.
AUDIENCE_CONTEXTS = {
    "caregivers": {"caregiver"},
    "workplace": {"workplace"},
    "lgbtq": {"lgbtq"},
    "veterans": {"veteran"},
    "students": {"student"},
    "cultural": {"cultural"},
    "parents": {"parent"},
}

# How close (cosine, sentence embeddings) what a person wrote must be to a group's purpose before
# it counts as a reason. The multilingual encoder (core/encoder.py) puts unrelated sentences at
# about 0.05–0.2 and a fitting purpose at 0.25–0.5 (bench/matching.py, English and Spanish).
MEANING_THRESHOLD = 0.24
MEANING_WEIGHT = 8.0


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
    # Where the focuses come from: "asked" (the person ticked them) or "current" (the focus of a
    # group they are in, when other groups are offered to them): the reason says which.
    focus_source: str = "asked"

    @property
    def is_empty(self) -> bool:
        return not (self.focuses or self.formats or self.leadership)


@dataclass(frozen=True)
class Candidate:
    key: int
    focus: str
    audience: str
    format: str
    leadership: str
    language: str
    has_space: bool
    # Cosine similarity of what the person wrote to the group's purpose; None when they wrote nothing.
    similarity: float | None = None


@dataclass
class Match:
    key: int
    score: float
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    close_in_meaning: bool = False  # what the person wrote is close to the group's purpose
    fits_a_wish: bool = False  # a focus, format, leadership or community they asked for


def rank(
    person: Person, wishes: Wishes, candidates: list[Candidate], limit: int | None = LIMIT
) -> list[Match]:
    matches = [m for c in candidates if (m := _score(person, wishes, c)) is not None]
    if any(m.close_in_meaning for m in matches):
        # What they wrote points somewhere: a group that neither it nor any wish points to is
        # not suggested just to fill the list.
        matches = [m for m in matches if m.close_in_meaning or m.fits_a_wish]
    ranked = sorted(matches, key=lambda m: (-m.score, m.key))
    return ranked if limit is None else ranked[:limit]


def is_for_a_community(audience: str) -> bool:
    return audience in AUDIENCE_CONTEXTS


def _format_fits(wished: frozenset[str], offered: str) -> bool:
    # A hybrid group can be attended online or in person.
    return offered in wished or (offered == "hybrid" and bool(wished & {"online", "in_person"}))


def _score(person: Person, wishes: Wishes, c: Candidate) -> Match | None:
    if (c.audience == "youth") != person.is_youth:
        return None  # youth spaces never mix with adults
    if c.language not in person.languages:
        return None
    audience_contexts = AUDIENCE_CONTEXTS.get(c.audience, set())
    if audience_contexts and not audience_contexts & person.contexts:
        return None  # a group for a community the person is not part of is not theirs to be sent to
    if wishes.focuses and c.focus not in wishes.focuses and c.focus != "wellbeing":
        return None
    if wishes.formats and not _format_fits(wishes.formats, c.format):
        return None
    match = Match(key=c.key, score=0.0)
    if c.similarity is not None:
        match.score += MEANING_WEIGHT * c.similarity
        if c.similarity >= MEANING_THRESHOLD:
            match.close_in_meaning = True
            match.reasons.append(_("What you wrote is close to what this group is about."))
    if wishes.focuses:
        if c.focus in wishes.focuses:
            match.fits_a_wish = True
            match.score += 5
            match.reasons.append(
                _("It focuses on what you asked for support with.")
                if wishes.focus_source == "asked"
                else _("It has the same focus as your current group.")
            )
        else:
            match.score += 1
            match.reasons.append(_("It is a general wellbeing group, open to whatever you bring."))
    if audience_contexts:
        match.fits_a_wish = True
        match.score += 3
        match.reasons.append(_("It is for people in a situation like yours."))
    if c.audience == "youth":
        match.reasons.append(_("It is a space for young people only."))
    if wishes.formats:
        match.fits_a_wish = True
        match.score += 2 if c.format in wishes.formats else 1
        match.reasons.append(_("It meets in the way you prefer."))
    if wishes.leadership and c.leadership == wishes.leadership:
        match.fits_a_wish = True
        match.score += 1
        match.reasons.append(_("It is led the way you prefer."))
    if len(person.languages) > 1 or c.language != "en":
        match.reasons.append(_("It is held in a language you speak."))
    if c.has_space:
        match.score += 1
    else:
        match.score -= 1
        match.cautions.append(_("It is full right now: you can join the waitlist."))
    return match
