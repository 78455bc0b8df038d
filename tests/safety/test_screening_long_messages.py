"""Long messages are screened as fast paths do it (rules only where their words occur, both
models at once, PII only near digits and capitals): the results must be exactly those of the
plain regexes and of each model on its own, wherever in a long post a phrase sits."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.safety import methods, rules
from alongside.safety.classify import assess
from alongside.safety.features import featurize_tokens, load_model, load_scorer, normalize, tokens
from alongside.safety.pii import pii_kinds

EVERYDAY = (
    "Hi all, this week was a mixed bag. I went for two walks, called my sister on Thursday and "
    "cooked dinner twice, which felt like a win. Work is still a lot and I keep waking at 4am. "
)
FAMILIES = {
    "high": rules.HIGH_PHRASES,
    "concern": rules.CONCERN_PHRASES,
    "how-to": methods.HOW_TO,
    "others": rules._OTHERS_CRISIS,
    "hyperbole": rules._HYPERBOLE,
    "means": methods.MEANS,  # every kind's words and phrases, as screening scans them
    **{f"abuse {name}": family for name, family in rules.ABUSE_RULES.items()},
}
RULES = [(name, source) for name, family in FAMILIES.items() for source in family.alternatives]


def _texts_with_a_match(source: str) -> st.SearchStrategy[str]:
    """Long texts with one or more stretches the rule's regex matches (made by hypothesis from
    the regex itself, so a need written beside a rule that the regex does not need shows up)."""
    phrase = st.from_regex(re.compile(source))
    glue = st.sampled_from(["", " ", ". ", " and ", ", ", "\n", "x"])
    return st.tuples(
        st.integers(0, len(EVERYDAY)),
        glue,
        st.lists(phrase, min_size=1, max_size=3),
        glue,
        st.integers(0, 90),
    ).map(lambda p: EVERYDAY[: p[0]] + p[1] + p[3].join(p[2]) + " " + EVERYDAY[: p[4]])


@pytest.mark.parametrize(
    "family_name, source", RULES, ids=[f"{f}-{i}" for i, (f, _s) in enumerate(RULES)]
)
def test_every_rule_in_a_long_post_is_found_as_by_the_plain_regex(
    family_name: str, source: str
) -> None:
    family = FAMILIES[family_name]
    # The means are literal words and phrases, each needing its own last word: a few texts do.
    examples = 4 if family_name == "means" else 25

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )
    @given(_texts_with_a_match(source))
    def check(raw: str) -> None:
        text = rules.prepare(raw)
        fast = [(m.span(), m.group(0)) for m in family.finditer(text)]
        assert fast == [(m.span(), m.group(0)) for m in family.pattern.finditer(text)]

    check()


def test_the_made_up_texts_do_match() -> None:
    """The texts above are worth checking: most reach the fast path with a match (some don't
    match once glued to a word, or once lower-cased and leetspeak undone, as screening does)."""

    @settings(
        max_examples=200, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(
        st.sampled_from(RULES).flatmap(lambda r: _texts_with_a_match(r[1]).map(lambda t: (r[0], t)))
    )
    def count(item: tuple[str, str]) -> None:
        text = rules.prepare(item[1])
        hits.append(
            len(text) >= rules._LONG_TEXT and FAMILIES[item[0]].pattern.search(text) is not None
        )

    hits: list[bool] = []
    count()
    assert sum(hits) > 0.6 * len(hits)


def test_a_need_that_the_rule_does_not_spell_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the rule"):
        rules.Alternation((r"\bgoing to (?:leave|go)\b", "going ; stay"))
    with pytest.raises(ValueError, match="words a-z or pieces"):
        rules.Alternation((r"\bgoing to (?:leave|go)\b", "going ~leave"))


def test_no_module_reads_the_regex_engine_internals() -> None:
    from pathlib import Path

    root = Path(rules.__file__).resolve().parents[2]
    private = re.compile(
        r"\b(?:re\._parser|re\._constants|sre_parse|sre_constants|sre_compile)\b|"
        r"from re import _"
    )
    offenders = [
        str(p.relative_to(root))
        for folder in ("alongside", "tests", "bench")
        for p in (root / folder).rglob("*.py")
        if p.name != Path(__file__).name and private.search(p.read_text())
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "phrase, lowest",
    [
        ("I'm going to kill myself tonight", "high"),
        ("I have saved up enough pills to end it when everyone is asleep", "high"),
        ("honestly i just want to die", "concern"),
        ("i want to k1ll mys3lf", "concern"),
    ],
)
def test_a_crisis_phrase_deep_in_a_long_post_still_alerts(phrase: str, lowest: str) -> None:
    level = assess(EVERYDAY * 4 + phrase + ". " + EVERYDAY).crisis
    assert rules.LEVELS.index(level) >= rules.LEVELS.index(lowest)


def test_a_negated_phrase_deep_in_a_long_post_does_not_alert() -> None:
    assert (
        assess(
            EVERYDAY * 4 + "I would never kill myself, I love my kids too much. " + EVERYDAY
        ).crisis
        == "none"
    )


def test_abuse_and_method_detail_deep_in_a_long_post() -> None:
    assert assess(EVERYDAY * 3 + "go kill yourself").abuse
    assert assess(EVERYDAY * 3 + "how many paracetamol would it take to die").method_detail
    assert not assess(EVERYDAY * 5).abuse


def test_leetspeak_is_undone_in_long_posts_with_numbers_elsewhere() -> None:
    text = (
        "On 12/03/2024 at 10 I wrote this. "
        + EVERYDAY * 2
        + "i want to k1ll mys3lf. Room 101, fl00r 2"
    )
    prepared = rules.prepare(text)
    assert len(prepared) == len(text)
    assert "i want to kill myself." in prepared
    assert prepared.startswith("on 12/03/2024 at 10 i wrote this.")
    assert prepared.endswith("room 101, floor 2")
    # The same as undoing it over the whole text at once.
    whole = rules._LEET_WORD.sub(rules._unleet, text.lower())
    assert prepared == whole


@pytest.mark.parametrize(
    "text",
    [
        EVERYDAY * 3 + "I just want to end it all",
        EVERYDAY * 2 + "@someone you're a pathetic loser http://example.com/x &amp; soooo tired rt",
        "short one",
        "I would never kill myself. " + EVERYDAY * 6,  # more than 150 words, a suppressed phrase
    ],
)
def test_both_models_score_together_as_each_on_its_own(text: str) -> None:
    scorer = load_scorer()
    toks = tokens(normalize(text))
    for max_words in (400, 150):
        together = scorer.scores(*scorer.features(toks, max_words))
        for model, score in zip((load_model("crisis"), load_model("abuse")), together, strict=True):
            assert model is not None
            assert score == pytest.approx(
                model.score_features(*featurize_tokens(toks, max_words)), abs=1e-12
            )


def test_private_information_in_long_posts() -> None:
    quiet = (
        "Anyway, enough about my week. I hope everyone is keeping well and getting some rest. " * 3
    )
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "Send the card to 14 Mill Lane, thanks.")
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "Our new place is on Hauptstraße 5 in Berlin.")
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "Post it to Flat 3, it is easier.")
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "I live at Harbour View with my mum")
    assert "ADDRESS" in pii_kinds(quiet + "these days we live on Harbour View")
    assert "NAME" in pii_kinds(EVERYDAY + quiet + "my boss John Carter keeps shouting at me")
    assert "PHONE" in pii_kinds(EVERYDAY + quiet + "text me on 07700 900123 if you want")
    assert (
        pii_kinds(EVERYDAY + quiet + "Mill Lane is lovely in spring, 2019 was a good year.") == []
    )
    assert "NAME" not in pii_kinds(EVERYDAY + quiet + "told Monday Morning to wait")
