"""Method detail (alongside/safety/methods.py): a plan that names a means is a crisis `high` with
method detail, in English and Spanish, whatever words it uses for dying; everyday look-alikes are
not. Every kind of means has plans and look-alikes here; the check set kept out of tuning holds
the rules to the targets on cases written apart from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alongside.safety import methods
from alongside.safety.classify import assess

CHECK_SET = Path(__file__).parent / "data" / "plans_and_lookalikes.jsonl"


def _plan(text: str) -> None:
    result = assess(text)
    assert result.method_detail, (text, methods.findings(text))
    assert result.crisis == "high", text


def _not_a_plan(text: str) -> None:
    assert not assess(text).method_detail, (text, methods.findings(text))


# --- the plans of the issue and the look-alikes it names ---


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore, I have the pills and I'm going to take them all tonight",
        "stockpiling my tablets, I have about 60 … plan to take them all on Sunday night",
        "I counted out 40 paracetamol, they're on my desk, doing it after everyone's asleep",
        "bought a rope today and found a beam in the garage that will hold my weight",
        "I know which floor of the car park to jump from, I checked it out yesterday",
        "tengo las pastillas y me las voy a tomar todas esta noche",
        "me voy a tirar del puente",
        "llevo semanas juntando pastillas",
        "compré una cuerda para colgarme",
    ],
)
def test_the_plans_of_the_issue_are_high_with_method_detail(text: str) -> None:
    _plan(text)


@pytest.mark.parametrize(
    "text",
    [
        "took my pills this morning",
        "I'll take all of them to the recycling",
        "bought a rope for the climbing class",
        "jumped off the diving board",
        "the knife I use for cooking",
        "my doctor changed my tablets",
    ],
)
def test_the_look_alikes_of_the_issue_are_not_method_detail(text: str) -> None:
    _not_a_plan(text)


# --- each kind of means: plans (means + intent, quantity, place, time or preparation) ---


@pytest.mark.parametrize(
    "kind, text",
    [
        ("pills", "I've got 45 of my nan's co-codamol and I'll swallow them after my shift"),
        ("pills", "been hoarding my quetiapine since march, taking the lot when my partner's away"),
        ("pills", "going to take every sleeping pill in the cupboard tonight"),
        ("pills", "ya tengo contadas 35 pastillas, el sábado me las tomo"),
        ("pills", "voy a tomarme toda la caja de rivotril cuando se duerman"),
        (
            "ligature",
            "the bannister is strong enough and I've got the cord, I'm doing it on Friday",
        ),
        ("ligature", "i made a noose this afternoon"),
        ("ligature", "voy a ahorcarme en el garaje cuando no haya nadie"),
        ("heights", "I'm going to the top of the multi storey tonight and jumping"),
        ("heights", "been looking at how high the bridge is, I'll jump on Saturday"),
        ("heights", "el domingo me aviento de la azotea"),
        ("cutting", "I've hidden a razor and tonight I'm cutting my wrists properly"),
        ("cutting", "voy a cortarme las venas esta noche con la navaja"),
        ("weapons", "my brother's rifle is loaded in the cupboard and I'm using it tomorrow"),
        ("weapons", "mañana me pego un tiro con la pistola de mi tío"),
        ("poisons", "I'm going to drink the bottle of bleach under the sink tonight"),
        ("poisons", "taping up the car windows with the charcoal inside on sunday"),
        ("poisons", "me voy a tomar el raticida esta noche"),
        ("vehicles", "I'm going to step in front of the express train after work"),
        ("vehicles", "on my way home I'll drive the car into a tree at full speed"),
        ("vehicles", "mañana me tiro al tren en la estación"),
        ("drowning", "I'll walk into the sea tonight and not come back"),
        ("drowning", "voy a ahogarme en el lago el domingo"),
        ("how-to", "what's the easiest way to kill myself without pain"),
        ("how-to", "how many sleeping pills would be enough to die"),
        ("how-to", "cuántas pastillas de paracetamol hacen falta para morir"),
        ("how-to", "cuál es la forma más fácil de suicidarse"),
    ],
)
def test_a_plan_that_names_a_means_is_high_with_method_detail(kind: str, text: str) -> None:
    _plan(text)
    assert kind in methods.method_detail(text)


# --- the everyday look-alikes, and plans that are not the writer's own now ---


@pytest.mark.parametrize(
    "text",
    [
        # pills
        "I take 10 tablets a day for my heart",
        "picking up my repeat prescription tomorrow, 56 tablets this time",
        "I'm going to take all my meds to the pharmacy for disposal",
        "hoy me tomo la pastilla a las 9 como siempre",
        # ligature
        "bought a rope swing for the tree in the garden, going up tomorrow",
        "voy a colgar la ropa esta tarde",
        # heights
        "jumping off the pier into the sea tomorrow, it's a summer tradition",
        "I live on the 14th floor and the view tonight is lovely",
        "mañana me tiro a la piscina",
        # cutting
        "sharpening the kitchen knives tonight for the dinner party",
        "me corté el dedo con el cuchillo de cocina",
        # weapons
        "we're going to the shooting range tomorrow for his birthday",
        "buying a glue gun tonight for the kids' costumes",
        # poisons
        "bleaching the bathroom tonight, the smell is awful",
        "bought charcoal for the barbecue on Sunday",
        # vehicles
        "I'm taking the train to my mum's tomorrow",
        "manejo mañana por la autopista",
        # drowning
        "going wild swimming in the lake tomorrow morning",
        "me estoy ahogando en trabajo",
    ],
)
def test_everyday_look_alikes_are_not_method_detail(text: str) -> None:
    _not_a_plan(text)


@pytest.mark.parametrize(
    "text",
    [
        "I would never take all my pills, I promised my kids",  # negated
        'my therapist asked "have you got pills saved?" and I said no',  # quoted
        "the news said a man jumped from the bridge tonight",  # reported
        "my friend told me she has a rope and is going to hang herself",  # someone else's
        "When I was 19 I saved up pills to overdose. I'm 40 now and glad I'm here.",  # long past
        "I gave all my tablets to my sister to keep, it's part of my safety plan",  # protective
        "exams make me want to jump off a bridge lol",  # a joke
        "en la peli el personaje se cuelga con una cuerda",  # reported, Spanish
        "hace cinco años me tomé un frasco de pastillas, hoy estoy bien",  # long past, Spanish
    ],
)
def test_a_plan_that_is_not_the_writers_own_now_is_not_method_detail(text: str) -> None:
    _not_a_plan(text)


def test_a_crisis_that_names_no_means_is_a_crisis_without_method_detail() -> None:
    result = assess("I don't want to be here any more")
    assert result.crisis != "none" and not result.method_detail


def test_spanish_without_accents_or_with_typos_is_read_the_same() -> None:
    _plan("me voy a tirar del puente manana en la noche")
    _plan("ya decidi, me tomo todas las pastillas esta noche")


def test_a_means_deep_in_a_long_post_is_found() -> None:
    filler = "Work has been a lot lately and I keep waking at four. " * 20
    _plan(filler + "I've got 50 tablets saved and I'm taking them all tonight. " + filler)


# --- the check set: written apart from the rules, half kept out of tuning ---


def _check_set() -> list[dict[str, str]]:
    return [json.loads(line) for line in CHECK_SET.read_text().splitlines() if line.strip()]


def test_the_check_set_is_large_varied_and_split() -> None:
    rows = _check_set()
    for kind in ("plan", "lookalike"):
        for lang in ("en", "es"):
            mine = [r for r in rows if r["kind"] == kind and r["lang"] == lang]
            assert len(mine) >= 40
            assert {r["split"] for r in mine} == {"tune", "held_out"}
    assert len({r["means"] for r in rows if r["kind"] == "plan"}) == 8


def test_the_kept_out_half_meets_the_targets() -> None:
    """At least 95% of plans screened as a crisis and 90% with method detail; at most 10% of
    look-alikes with method detail — on the half never used to write or tune the rules."""
    held_out = [r for r in _check_set() if r["split"] == "held_out"]
    plans = [assess(r["text"]) for r in held_out if r["kind"] == "plan"]
    lookalikes = [assess(r["text"]) for r in held_out if r["kind"] == "lookalike"]
    assert sum(a.crisis != "none" for a in plans) / len(plans) >= 0.95
    assert sum(a.method_detail for a in plans) / len(plans) >= 0.90
    assert sum(a.method_detail for a in lookalikes) / len(lookalikes) <= 0.10


# One example for each how-to rule, in the rules' order: every rule is exercised.
HOW_TO_EXAMPLES = [
    "how many paracetamol would it take to die",
    "what is a lethal dose of amitriptyline",
    "what's the quickest way to die",
    "how can i kill myself",
    "would 5000 mg of paracetamol be enough",
    "i'm going to tie the rope tonight",
    "i'm going to jump off the bridge on my way home",
    "i'll cut my wrists deep",
    "i'm going to slit my wrists",
    "is this enough pills",
    "i'll swallow the whole bottle of pills",
    "is drowning peaceful",
    "how painful is hanging",
    "what can i mix to make a toxic gas",
    "i put the belt around my neck",
    "where can i buy an exit bag",
    "i held the gun to my head",
    "i'll drown myself",
    "i'll throw myself in front of a train",
    "cuantas pastillas necesito para morir",
    "la forma mas facil de morir",
    "como me puedo matar sin que duela",
]


def test_every_how_to_rule_has_an_example() -> None:
    assert len(HOW_TO_EXAMPLES) == len(methods.HOW_TO.alternatives)


@pytest.mark.parametrize("index", range(len(HOW_TO_EXAMPLES)))
def test_each_how_to_rule_is_method_detail(index: int) -> None:
    import re

    from alongside.safety.rules import prepare

    text = HOW_TO_EXAMPLES[index]
    assert re.search(methods.HOW_TO.alternatives[index], prepare(text)), text
    _plan(text)
