"""Ranking is pure logic: tested without a database."""

from __future__ import annotations

from alongside.groups.ranking import Candidate, Person, Wishes, rank


def cand(key: int, **kw: object) -> Candidate:
    base = {
        "focus": "depression",
        "audience": "adults",
        "format": "online",
        "leadership": "peer",
        "language": "en",
        "has_space": True,
    }
    base.update(kw)
    return Candidate(key=key, **base)  # type: ignore[arg-type]


ADULT = Person(is_youth=False, languages=("en",))


def test_a_group_with_the_wished_focus_comes_first() -> None:
    ranked = rank(
        ADULT,
        Wishes(focuses=frozenset({"anxiety"})),
        [cand(1, focus="wellbeing"), cand(2, focus="anxiety")],
    )
    assert [m.key for m in ranked] == [2, 1]
    assert any("what you asked for" in r for r in ranked[0].reasons)


def test_youth_never_see_adult_groups_and_adults_never_see_youth_groups() -> None:
    groups = [cand(1), cand(2, audience="youth")]
    assert [m.key for m in rank(ADULT, Wishes(), groups)] == [1]
    assert [m.key for m in rank(Person(is_youth=True, languages=("en",)), Wishes(), groups)] == [2]


def test_groups_in_a_language_the_person_does_not_speak_are_left_out() -> None:
    ranked = rank(
        Person(is_youth=False, languages=("es",)), Wishes(), [cand(1), cand(2, language="es")]
    )
    assert [m.key for m in ranked] == [2]
    assert any("language you speak" in r for r in ranked[0].reasons)


def test_people_like_me_groups_rank_higher_for_people_in_that_situation() -> None:
    carer = Person(is_youth=False, languages=("en",), contexts=frozenset({"caregiver"}))
    groups = [cand(1), cand(2, audience="caregivers")]
    assert [m.key for m in rank(carer, Wishes(), groups)] == [2, 1]


def test_a_group_for_a_community_the_person_is_not_part_of_is_left_out() -> None:
    groups = [
        cand(1, audience="students"),
        cand(2, audience="lgbtq"),
        cand(3),
        cand(4, audience="young_adults"),
    ]
    assert [m.key for m in rank(ADULT, Wishes(focuses=frozenset({"depression"})), groups)] == [3, 4]
    student = Person(is_youth=False, languages=("en",), contexts=frozenset({"student"}))
    assert 2 not in [m.key for m in rank(student, Wishes(), groups)]


def test_at_most_five_are_suggested_and_other_focuses_are_left_out() -> None:
    groups = [cand(k, focus="anxiety") for k in range(1, 9)] + [
        cand(20, focus="grief"),
        cand(21, focus="wellbeing"),
    ]
    ranked = rank(ADULT, Wishes(focuses=frozenset({"anxiety"})), groups)
    assert len(ranked) == 5 and all(m.key < 9 for m in ranked)
    ranked = rank(ADULT, Wishes(focuses=frozenset({"anxiety"})), groups, limit=None)
    assert (
        20 not in [m.key for m in ranked] and ranked[-1].key == 21
    )  # general wellbeing: after the asked focus


def test_a_format_not_asked_for_is_left_out_but_hybrid_fits_online() -> None:
    groups = [cand(1, format="in_person"), cand(2, format="hybrid"), cand(3)]
    assert [m.key for m in rank(ADULT, Wishes(formats=frozenset({"online"})), groups)] == [3, 2]


def test_what_a_person_wrote_ranks_the_closest_purpose_first_and_says_so() -> None:
    # Group 1 is also in the format they asked for, so it stays, below and without that reason.
    groups = [cand(1, similarity=0.1), cand(2, similarity=0.6)]
    ranked = rank(ADULT, Wishes(formats=frozenset({"online"})), groups)
    assert [m.key for m in ranked] == [2, 1]
    assert any("What you wrote" in r for r in ranked[0].reasons)
    assert not any("What you wrote" in r for r in ranked[1].reasons)


def test_no_reason_is_given_that_is_not_true_of_the_group() -> None:
    ranked = rank(ADULT, Wishes(focuses=frozenset({"anxiety"})), [cand(1, focus="wellbeing")])
    assert not any("what you asked for" in r for r in ranked[0].reasons)


def test_a_full_group_ranks_lower_and_says_so() -> None:
    ranked = rank(ADULT, Wishes(), [cand(1, has_space=False), cand(2)])
    assert [m.key for m in ranked] == [2, 1]
    assert any("waitlist" in c for c in ranked[1].cautions)


def test_format_preference_counts() -> None:
    ranked = rank(
        ADULT, Wishes(formats=frozenset({"in_person"})), [cand(1), cand(2, format="in_person")]
    )
    assert ranked[0].key == 2


def test_when_only_words_point_somewhere_groups_they_do_not_point_to_are_not_suggested() -> None:
    # "I feel low and can't sleep": close to the depression group, far from grief and bipolar.
    ranked = rank(
        ADULT,
        Wishes(),
        [
            cand(1, similarity=0.45),
            cand(2, focus="grief", similarity=0.08),
            cand(3, focus="bipolar", similarity=0.12),
        ],
    )
    assert [m.key for m in ranked] == [1]
    assert any("What you wrote" in r for r in ranked[0].reasons)


def test_when_the_words_point_nowhere_the_closest_groups_are_still_offered() -> None:
    ranked = rank(
        ADULT, Wishes(), [cand(1, similarity=0.15), cand(2, focus="grief", similarity=0.05)]
    )
    assert [m.key for m in ranked] == [1, 2]
