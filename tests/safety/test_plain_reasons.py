"""Staff read why an alert was raised in plain words, never the screen's internal codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from alongside.safety.reasons import explain, plain_reasons


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("crisis rule: crisis_high", "says they mean to end their life, or are about to"),
        (
            "crisis rule: crisis_concern",
            "talks about wanting to die, not wanting to be here or hurting themselves",
        ),
        ("crisis classifier", "reads like messages from people in crisis"),
        ("crisis second look", "read again after posting: may be a crisis the first screen missed"),
        ("method detail", "describes a way of harming themselves"),
        ("abuse rule: threat", "may hurt someone (a threat)"),
        (
            "private information: EMAIL, PHONE",
            "contains private information (an e-mail address, a phone number)",
        ),
        ("crisis rule: plan_time", "mentions a plan and a time"),
        (
            "crisis rule: plan_means_quantity_time",
            "mentions a plan, a means, a quantity and a time",
        ),
        ("crisis rule: plan", "mentions a plan"),
    ],
)
def test_each_reason_reads_as_plain_words(code: str, words: str) -> None:
    assert explain(code) == words


def test_an_unknown_code_still_reads_as_words_not_as_the_code() -> None:
    assert (
        explain("crisis rule: some_new_rule_x")
        == "talks about wanting to die, not wanting to be here or hurting themselves"
    )
    assert explain("heuristic 7b") == "flagged by the automatic screen"


def test_each_reason_is_said_once_and_a_questionnaire_alert_says_where_it_came_from() -> None:
    assert plain_reasons(
        ["crisis rule: crisis_high", "crisis rule: crisis_high", "method detail"]
    ) == [
        "says they mean to end their life, or are about to",
        "describes a way of harming themselves",
    ]
    assert plain_reasons([], source="phq9") == [
        "answered the questionnaire item about thoughts of death or self-harm"
    ]


def test_reasons_are_in_spanish_for_spanish_staff(db: Any) -> None:
    with translation.override("es"):
        assert explain("crisis rule: plan_means_time") == "menciona un plan, un medio y un momento"
