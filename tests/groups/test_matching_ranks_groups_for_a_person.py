"""Ranking is pure logic: tested without a database."""

from __future__ import annotations

from alongside.groups.ranking import Candidate, Person, Wishes, rank


def cand(key: int, **kw: object) -> Candidate:
    base = {"focus": "depression", "audience": "adults", "format": "online", "leadership": "peer",
            "language": "en", "has_space": True}
    base.update(kw)
    return Candidate(key=key, **base)  # type: ignore[arg-type]


ADULT = Person(is_youth=False, languages=("en",))


def test_a_group_with_the_wished_focus_comes_first() -> None:
    ranked = rank(ADULT, Wishes(focuses=frozenset({"anxiety"})), [cand(1), cand(2, focus="anxiety")])
    assert [m.key for m in ranked] == [2, 1]
    assert any("what you asked for" in r for r in ranked[0].reasons)


def test_youth_never_see_adult_groups_and_adults_never_see_youth_groups() -> None:
    groups = [cand(1), cand(2, audience="youth")]
    assert [m.key for m in rank(ADULT, Wishes(), groups)] == [1]
    assert [m.key for m in rank(Person(is_youth=True, languages=("en",)), Wishes(), groups)] == [2]


def test_groups_in_a_language_the_person_does_not_speak_are_left_out() -> None:
    ranked = rank(Person(is_youth=False, languages=("es",)), Wishes(), [cand(1), cand(2, language="es")])
    assert [m.key for m in ranked] == [2]
    assert any("language you speak" in r for r in ranked[0].reasons)


def test_people_like_me_groups_rank_higher_for_people_in_that_situation() -> None:
    carer = Person(is_youth=False, languages=("en",), contexts=frozenset({"caregiver"}))
    groups = [cand(1), cand(2, audience="caregivers")]
    assert [m.key for m in rank(carer, Wishes(), groups)] == [2, 1]
    assert [m.key for m in rank(ADULT, Wishes(), groups)] == [1, 2]


def test_a_full_group_ranks_lower_and_says_so() -> None:
    ranked = rank(ADULT, Wishes(), [cand(1, has_space=False), cand(2)])
    assert [m.key for m in ranked] == [2, 1]
    assert any("waitlist" in c for c in ranked[1].cautions)


def test_format_preference_counts() -> None:
    ranked = rank(ADULT, Wishes(formats=frozenset({"in_person"})), [cand(1), cand(2, format="in_person")])
    assert ranked[0].key == 2
