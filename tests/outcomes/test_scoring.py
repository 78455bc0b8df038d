"""Every scoring rule pinned with worked examples (no database)."""

from __future__ import annotations

import pytest

from alongside.outcomes import instruments as ins
from alongside.outcomes.scoring import (
    AnswersInvalid,
    Scores,
    band,
    classify_change,
    cronbach_alpha,
    gad7_band,
    is_case,
    item9_positive,
    phq9_band,
    reliable_change,
    reliable_change_index,
    score,
    screen_positive,
    strong_identifier,
    validate_answers,
)


def phq9_answers(*values: int, difficulty: int | None = None) -> dict[str, int]:
    answers = {f"q{i}": v for i, v in enumerate(values, start=1)}
    if difficulty is not None:
        answers["difficulty"] = difficulty
    return answers


# --- Totals --------------------------------------------------------------------------------


def test_phq9_total_is_the_sum_of_the_nine_items() -> None:
    assert score(ins.PHQ9, phq9_answers(0, 1, 2, 3, 0, 1, 2, 3, 0)) == 12


def test_phq9_difficulty_question_is_optional_and_unscored() -> None:
    answers = phq9_answers(3, 3, 3, 3, 3, 3, 3, 3, 3, difficulty=3)
    assert score(ins.PHQ9, answers) == 27
    assert score(ins.PHQ9, phq9_answers(1, 1, 1, 1, 1, 1, 1, 1, 1)) == 9


def test_gad7_total_ranges_from_0_to_21() -> None:
    assert score(ins.GAD7, {f"q{i}": 0 for i in range(1, 8)}) == 0
    assert score(ins.GAD7, {f"q{i}": 3 for i in range(1, 8)}) == 21


def test_ucla3_total_ranges_from_3_to_9() -> None:
    assert score(ins.UCLA3, {"q1": 1, "q2": 1, "q3": 1}) == 3
    assert score(ins.UCLA3, {"q1": 3, "q2": 2, "q3": 3}) == 8
    assert (ins.UCLA3.min_score, ins.UCLA3.max_score) == (3, 9)


def test_four_item_identification_is_the_mean_of_the_four() -> None:
    assert score(ins.IDENTIFICATION_FOUR, {"q1": 7, "q2": 6, "q3": 5, "q4": 4}) == 5.5
    assert score(ins.IDENTIFICATION_SINGLE, {"q1": 3}) == 3


def test_session_feedback_is_the_mean_of_its_items() -> None:
    assert score(ins.SESSION_FEEDBACK, {"q1": 5, "q2": 4, "q3": 4, "q4": 3}) == 4


# --- Validation ----------------------------------------------------------------------------


def test_a_missing_item_is_named_in_the_error() -> None:
    answers = phq9_answers(0, 0, 0, 0, 0, 0, 0, 0)  # no item 9
    with pytest.raises(AnswersInvalid) as excinfo:
        score(ins.PHQ9, answers)
    assert excinfo.value.errors == {"q9": "Question 9 is not answered."}


def test_an_answer_out_of_range_is_refused() -> None:
    with pytest.raises(AnswersInvalid) as excinfo:
        validate_answers(ins.GAD7, {**{f"q{i}": 0 for i in range(1, 8)}, "q3": 4})
    assert excinfo.value.errors == {"q3": "Question 3: 4 is out of range (0–3)."}


def test_ucla_answers_start_at_1() -> None:
    with pytest.raises(AnswersInvalid) as excinfo:
        validate_answers(ins.UCLA3, {"q1": 0, "q2": 1, "q3": 1})
    assert "out of range (1–3)" in excinfo.value.errors["q1"]


def test_non_numbers_and_unknown_items_are_refused() -> None:
    with pytest.raises(AnswersInvalid) as excinfo:
        validate_answers(ins.PHQ2, {"q1": "often", "q2": True, "q3": 1})
    assert set(excinfo.value.errors) == {"q1", "q2", "q3"}


def test_form_strings_are_accepted() -> None:
    assert validate_answers(ins.PHQ2, {"q1": "2", "q2": "1"}) == {"q1": 2, "q2": 1}


# --- Bands and screens ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands(total: int, expected: str) -> None:
    assert phq9_band(total) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_cut_points_are_5_10_15(total: int, expected: str) -> None:
    assert gad7_band(total) == expected


def test_totals_outside_the_scale_are_refused() -> None:
    with pytest.raises(ValueError):
        phq9_band(28)
    with pytest.raises(ValueError):
        gad7_band(22)
    with pytest.raises(ValueError):
        phq9_band(-1)


@pytest.mark.parametrize(("total", "positive"), [(0, False), (2, False), (3, True), (6, True)])
def test_phq2_and_gad2_are_positive_at_3(total: int, positive: bool) -> None:
    assert screen_positive(total) is positive
    assert band("phq2", total) == ("positive" if positive else "negative")


def test_item9_above_not_at_all_is_flagged_whatever_the_total() -> None:
    assert item9_positive(phq9_answers(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert not item9_positive(phq9_answers(3, 3, 3, 3, 3, 3, 3, 3, 0))


# --- Caseness ------------------------------------------------------------------------------


def test_phq9_caseness_starts_at_10() -> None:
    assert not is_case(Scores(phq9=9, gad7=0))
    assert is_case(Scores(phq9=10, gad7=0))


def test_gad7_caseness_starts_at_8() -> None:
    assert not is_case(Scores(phq9=0, gad7=7))
    assert is_case(Scores(phq9=0, gad7=8))


def test_either_measure_alone_can_make_a_case() -> None:
    assert is_case(Scores(phq9=12))
    assert not is_case(Scores(gad7=5))
    with pytest.raises(ValueError):
        is_case(Scores())


# --- Change --------------------------------------------------------------------------------


def test_a_fall_of_6_on_the_phq9_is_reliable_improvement_and_5_is_not() -> None:
    assert classify_change(Scores(16, 5), Scores(10, 5)).reliable_improvement
    assert not classify_change(Scores(16, 5), Scores(11, 5)).reliable_improvement


def test_a_fall_of_4_on_the_gad7_is_reliable_improvement_and_3_is_not() -> None:
    assert classify_change(Scores(5, 12), Scores(5, 8)).reliable_improvement
    assert not classify_change(Scores(5, 12), Scores(5, 9)).reliable_improvement


def test_improvement_on_one_measure_with_reliable_deterioration_on_the_other_is_not_improvement() -> (
    None
):
    change = classify_change(Scores(18, 4), Scores(10, 8))  # PHQ-9 −8, GAD-7 +4
    assert not change.reliable_improvement
    assert change.reliable_deterioration


def test_a_rise_of_6_on_the_phq9_or_4_on_the_gad7_is_reliable_deterioration() -> None:
    assert classify_change(Scores(4, 3), Scores(10, 3)).reliable_deterioration
    assert not classify_change(Scores(4, 3), Scores(9, 3)).reliable_deterioration
    assert classify_change(Scores(4, 3), Scores(4, 7)).reliable_deterioration
    assert not classify_change(Scores(4, 3), Scores(4, 6)).reliable_deterioration


def test_recovery_is_a_case_at_first_and_below_both_thresholds_at_last() -> None:
    change = classify_change(Scores(12, 9), Scores(9, 7))
    assert change.case_at_first and not change.case_at_last
    assert change.recovery is True
    # Fell by only 3 and 2: recovered, but not reliably.
    assert change.reliable_recovery is False


def test_staying_above_one_threshold_is_not_recovery() -> None:
    change = classify_change(Scores(12, 9), Scores(9, 8))
    assert change.recovery is False


def test_reliable_recovery_needs_recovery_and_reliable_improvement() -> None:
    change = classify_change(Scores(15, 10), Scores(8, 6))  # PHQ-9 −7
    assert change.recovery is True
    assert change.reliable_improvement is True
    assert change.reliable_recovery is True


def test_recovery_does_not_apply_to_someone_who_was_not_a_case() -> None:
    change = classify_change(Scores(9, 7), Scores(2, 1))
    assert change.recovery is None
    assert change.reliable_recovery is None
    assert change.reliable_improvement is True  # PHQ-9 −7


def test_only_measures_present_at_both_points_are_compared() -> None:
    change = classify_change(Scores(14, None), Scores(7, 15))
    assert change.reliable_improvement and change.recovery is True
    with pytest.raises(ValueError):
        classify_change(Scores(14, None), Scores(None, 5))


# --- Jacobson–Truax ------------------------------------------------------------------------


def test_reliable_change_index_worked_example() -> None:
    # SD1 = 5, r = 0.84: S_diff = 5 · √2 · √0.16 = 5 · 1.41421 · 0.4 = 2.82843.
    assert reliable_change_index(20, 14, 5, 0.84) == pytest.approx(-6 / 2.828427, rel=1e-6)
    assert reliable_change(20, 14, 5, 0.84) == "improved"  # RC = −2.12
    assert reliable_change(20, 15, 5, 0.84) == "no reliable change"  # RC = −1.77
    assert reliable_change(10, 16, 5, 0.84) == "deteriorated"


def test_reliable_change_index_refuses_impossible_parameters() -> None:
    with pytest.raises(ValueError):
        reliable_change_index(1, 2, 0, 0.8)
    with pytest.raises(ValueError):
        reliable_change_index(1, 2, 3, 1.0)


def test_cronbach_alpha_worked_example() -> None:
    rows = [[1, 2, 2], [2, 2, 3], [3, 3, 3], [0, 1, 1]]
    # item variances 1.6667, 0.6667, 0.9167 (sum 3.25); totals 5, 7, 9, 2 → variance 26.75 / 3
    assert cronbach_alpha(rows) == pytest.approx(1.5 * (1 - 3.25 / (26.75 / 3)), rel=1e-6)


# --- Identification ------------------------------------------------------------------------


def test_identification_at_the_midpoint_is_not_strong() -> None:
    assert not strong_identifier(4)
    assert strong_identifier(4.25)
    assert strong_identifier(5, split=4.5)
    with pytest.raises(ValueError):
        strong_identifier(0)


# --- The instruments themselves -------------------------------------------------------------


def test_phq_and_gad_carry_the_pfizer_attribution_exactly() -> None:
    line = (
        "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
        "with an educational grant from Pfizer Inc. No permission required to reproduce, "
        "translate, display or distribute."
    )
    for instrument in (ins.PHQ9, ins.GAD7, ins.PHQ2, ins.GAD2):
        assert instrument.licence == line


def test_every_instrument_names_its_source() -> None:
    for instrument in ins.INSTRUMENTS.values():
        assert instrument.source and instrument.licence


def test_item_wording_is_copied_from_the_clinical_reference() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    candidates = [
        root.parent / "shared" / "CLINICAL.md",
        root.parent.parent / "shared" / "CLINICAL.md",
    ]
    found = [c for c in candidates if c.exists()]
    if not found:
        pytest.skip("shared/CLINICAL.md is not beside this checkout")
    text = found[0].read_text()
    for key in ("phq9", "gad7", "ucla3", "id4", "id1"):
        for item in ins.INSTRUMENTS[key].scored_items:
            assert item.text in text, item.text
    assert ins.PHQ9.item("difficulty").text in text
    assert ins.PHQ9.stem in text


def test_no_forbidden_instrument_is_shipped() -> None:
    names = " ".join(i.name for i in ins.INSTRUMENTS.values()).lower()
    for forbidden in ("session rating", "wemwbs", "warwick", "core-10", "columbia"):
        assert forbidden not in names
