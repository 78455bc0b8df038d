"""The transparent rules and the combined screening, without a database."""

from __future__ import annotations

import pytest

from alongside.safety import rules
from alongside.safety.classify import assess
from alongside.safety.pii import pii_kinds, redact


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to kill myself tonight",
        "i want to end my life",
        "I've written my note and I'm saying goodbye to everyone forever",
        "I tried to kill myself last night",
        "I have saved up enough pills to end it when everyone is asleep",
        "im gonna unalive myself",
    ],
)
def test_explicit_intent_plan_means_or_recent_attempt_is_high(text: str) -> None:
    assert assess(text).crisis == "high"


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "honestly i just want to die",
        "I wish I was dead",
        "everyone would be better off without me",
        "I don't want to be here anymore",
        "having suicidal thoughts again",
        "been thinking about sewer slide a lot",
        "i want to k1ll mys3lf",
        "I cut myself again",
    ],
)
def test_slang_misspellings_and_passive_wishes_are_at_least_a_concern(text: str) -> None:
    assert assess(text).crisis in ("concern", "high")


@pytest.mark.parametrize(
    "text",
    [
        "I would never kill myself, I love my kids too much",
        "I'm not going to kill myself, don't worry",
        'My therapist asked "do you want to die?" and I said no',
        "My friend said she wants to kill herself and I don't know how to help her",
        "Years ago I was suicidal, but I'm in a much better place now",
        "Hello everyone, how was your week?",
        "This heat is killing me",
        "I could die of embarrassment lol",
        "Feeling a bit low today but the walk helped",
    ],
)
def test_negated_quoted_third_person_past_and_everyday_talk_is_not_a_crisis(text: str) -> None:
    assert assess(text).crisis == "none", rules.crisis_rules(text)


def test_suppressed_phrases_are_kept_for_moderators_to_see() -> None:
    finding = rules.crisis_rules("I would never kill myself")
    assert finding.level == "none"
    assert [m.context for m in finding.suppressed] == ["negated"]


@pytest.mark.parametrize(
    "text",
    [
        "how many paracetamol would it take to die",
        "what's the most painless way to kill myself",
        "I took 30 pills",
        "I'm going to jump off the bridge on my way home",
    ],
)
def test_method_detail_is_detected(text: str) -> None:
    result = assess(text)
    assert result.method_detail
    assert result.crisis != "none"


def test_talking_about_feelings_has_no_method_detail() -> None:
    assert not assess("I feel like I'm drowning in work and sadness").method_detail


@pytest.mark.parametrize(
    "text",
    [
        "kys nobody wants you here",
        "go kill yourself",
        "you're a pathetic attention seeker",
        "I will find you and hurt you",
    ],
)
def test_abuse_telling_someone_to_die_threats_and_harassment(text: str) -> None:
    assert assess(text).abuse


@pytest.mark.parametrize(
    "text",
    [
        "this week was shit honestly",
        "I hate myself so much",
        "I want to kill myself",
        "Thank you all, you have been so kind to me",
    ],
)
def test_venting_and_crisis_are_not_abuse(text: str) -> None:
    assert not assess(text).abuse


def test_private_information_kinds() -> None:
    assert pii_kinds("mail me at sam.jones@example.com") == ["EMAIL"]
    assert pii_kinds("text me on 07700 900123") == ["PHONE"]
    assert pii_kinds("call +1-984-182-0190 ext 12") == ["PHONE"]
    assert "ADDRESS" in pii_kinds("I live at 14 Mill Lane")
    assert "NAME" in pii_kinds("my boss John Carter keeps shouting")


def test_crisis_lines_dates_and_years_are_not_private_information() -> None:
    assert pii_kinds("Call Samaritans on 116 123 or 988, it helped me") == []
    assert pii_kinds("On 2024-03-01 I started therapy, in 2019 I moved") == []


def test_redact_replaces_private_information() -> None:
    assert redact("write to sam@example.org now") == "write to [EMAIL] now"


def test_the_batch_json_has_the_exact_fields() -> None:
    out = assess("kms").as_json()
    assert list(out) == ["crisis", "crisis_score", "abuse", "abuse_score", "method_detail", "pii"]
    assert out["crisis_score"] >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Hi everyone, I wanted to share that this week went a bit better. I went for two walks, called my "
        "sister and even cooked a proper dinner on Thursday. Work is still stressful but I am trying the "
        "breathing exercise we talked about last session.",
        "Does anyone have tips for sleeping better? I wake up at four every morning and my mind races about "
        "money and my kids. I have tried no screens before bed and camomile tea but nothing seems to work "
        "for more than a night or two.",
    ],
)
def test_long_everyday_messages_do_not_alert(text: str) -> None:
    assert assess(text).crisis == "none"
