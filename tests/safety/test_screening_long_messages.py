"""Long messages are screened as fast paths do it (rules only where their words occur, both
models at once, PII only near digits and capitals): the results must be exactly those of the
plain regexes and of each model on its own, wherever in a long post a phrase sits."""

from __future__ import annotations

import random
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import pytest

from alongside.safety import rules
from alongside.safety.classify import assess
from alongside.safety.features import featurize_tokens, load_model, load_scorer, normalize, tokens
from alongside.safety.pii import pii_kinds

EVERYDAY = (
    "Hi all, this week was a mixed bag. I went for two walks, called my sister on Thursday and "
    "cooked dinner twice, which felt like a win. Work is still a lot and I keep waking at 4am. "
)
FAMILIES = [rules.HIGH_PHRASES, rules.CONCERN_PHRASES, rules.METHOD_DETAIL, rules._OTHERS_CRISIS,
            rules._HYPERBOLE, *rules.ABUSE_RULES.values()]


def _example(items: list, rnd: random.Random) -> str:
    """A string the regex items could match (alternatives and repeats picked at random)."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.IN:
            first, value = next((o, v) for o, v in av if o is not sre.NEGATE)
            out.append(chr(value) if first is sre.LITERAL else chr(value[0]) if first is sre.RANGE
                       else {sre.CATEGORY_DIGIT: "7", sre.CATEGORY_SPACE: " "}.get(value, "a"))
        elif op in (sre.ANY, sre.NOT_LITERAL):
            out.append("x")
        elif op is sre.BRANCH:
            out.append(_example(rnd.choice(av[1]), rnd))
        elif op is sre.SUBPATTERN:
            out.append(_example(av[3], rnd))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            lo, hi, sub = av
            out.extend(_example(sub, rnd) for _ in range(rnd.randint(lo, min(hi, lo + 2))))
    return "".join(out)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.rules[0].rx.pattern[:20])
def test_every_rule_in_a_long_post_is_found_as_by_the_plain_regex(family: rules.Alternation) -> None:
    rnd = random.Random(7)
    phrases = [_example(sre_parse.parse(a).data, rnd) for a in family.alternatives for _ in range(6)]
    found = 0
    for i in range(300):
        picked = rnd.sample(phrases, rnd.randint(1, 3))
        text = rules.prepare(EVERYDAY[: rnd.randint(0, len(EVERYDAY))] + rnd.choice(["", " ", ". "])
                             + rnd.choice([" and ", ", ", " ", "\n", "x"]).join(picked) + " " + EVERYDAY[: i % 90])
        fast = [(m.span(), m.group(0)) for m in family.finditer(text)]
        assert fast == [(m.span(), m.group(0)) for m in family.pattern.finditer(text)], text
        found += bool(fast)
    assert found > 200  # the made-up phrases do match


@pytest.mark.parametrize("phrase, lowest", [
    ("I'm going to kill myself tonight", "high"),
    ("I have saved up enough pills to end it when everyone is asleep", "high"),
    ("honestly i just want to die", "concern"),
    ("i want to k1ll mys3lf", "concern"),
])
def test_a_crisis_phrase_deep_in_a_long_post_still_alerts(phrase: str, lowest: str) -> None:
    level = assess(EVERYDAY * 4 + phrase + ". " + EVERYDAY).crisis
    assert rules.LEVELS.index(level) >= rules.LEVELS.index(lowest)


def test_a_negated_phrase_deep_in_a_long_post_does_not_alert() -> None:
    assert assess(EVERYDAY * 4 + "I would never kill myself, I love my kids too much. " + EVERYDAY).crisis == "none"


def test_abuse_and_method_detail_deep_in_a_long_post() -> None:
    assert assess(EVERYDAY * 3 + "go kill yourself").abuse
    assert assess(EVERYDAY * 3 + "how many paracetamol would it take to die").method_detail
    assert not assess(EVERYDAY * 5).abuse


def test_leetspeak_is_undone_in_long_posts_with_numbers_elsewhere() -> None:
    text = "On 12/03/2024 at 10 I wrote this. " + EVERYDAY * 2 + "i want to k1ll mys3lf. Room 101, fl00r 2"
    prepared = rules.prepare(text)
    assert len(prepared) == len(text)
    assert "i want to kill myself." in prepared
    assert prepared.startswith("on 12/03/2024 at 10 i wrote this.")
    assert prepared.endswith("room 101, floor 2")
    # The same as undoing it over the whole text at once.
    whole = rules._LEET_WORD.sub(rules._unleet, text.lower())
    assert prepared == whole


@pytest.mark.parametrize("text", [
    EVERYDAY * 3 + "I just want to end it all",
    EVERYDAY * 2 + "@someone you're a pathetic loser http://example.com/x &amp; soooo tired rt",
    "short one",
    "I would never kill myself. " + EVERYDAY * 6,  # more than 150 words, a suppressed phrase
])
def test_both_models_score_together_as_each_on_its_own(text: str) -> None:
    scorer = load_scorer()
    toks = tokens(normalize(text))
    for max_words in (400, 150):
        together = scorer.scores(*scorer.features(toks, max_words))
        for model, score in zip((load_model("crisis"), load_model("abuse")), together, strict=True):
            assert model is not None
            assert score == pytest.approx(model.score_features(*featurize_tokens(toks, max_words)), abs=1e-12)


def test_private_information_in_long_posts() -> None:
    quiet = "Anyway, enough about my week. I hope everyone is keeping well and getting some rest. " * 3
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "Send the card to 14 Mill Lane, thanks.")
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "Our new place is on Hauptstraße 5 in Berlin.")
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "Post it to Flat 3, it is easier.")
    assert "ADDRESS" in pii_kinds(EVERYDAY + quiet + "I live at Harbour View with my mum")
    assert "ADDRESS" in pii_kinds(quiet + "these days we live on Harbour View")
    assert "NAME" in pii_kinds(EVERYDAY + quiet + "my boss John Carter keeps shouting at me")
    assert "PHONE" in pii_kinds(EVERYDAY + quiet + "text me on 07700 900123 if you want")
    assert pii_kinds(EVERYDAY + quiet + "Mill Lane is lovely in spring, 2019 was a good year.") == []
    assert "NAME" not in pii_kinds(EVERYDAY + quiet + "told Monday Morning to wait")
