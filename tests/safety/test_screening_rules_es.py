"""The Spanish rules (alongside/safety/rules_es.py) through the combined screen, read in Spanish:
explicit and slang, Spain and Latin America, with and without accents; and what must stay quiet —
negation, hyperbole ("me muero de risa", "me quiero morir del sueño"), quotes, someone else's words,
the past."""

from __future__ import annotations

import pytest

from alongside.safety.classify import assess
from alongside.safety.pii import pii_kinds


def es(text: str) -> str:
    return assess(text, language="es").crisis


@pytest.mark.parametrize(
    "text",
    [
        "Me voy a matar esta noche",
        "voy a suicidarme, ya no aguanto",
        "me quiero quitar la vida",
        "Esta noche acabo con todo. Adiós a todos.",
        "ya escribí mi carta de despedida",
        "anoche intenté suicidarme otra vez",
        "me tomé todas las pastillas",
        "me quiero matar alv",  # Mexico
        "me kiero suisidar",  # misspelt
        "Ya no puedo más, me quiero quitar la vida",  # "ya no" belongs to "puedo", not to the wish
        "Ya no puedo más. Tengo las pastillas y me las voy a tomar todas esta noche.",
    ],
)
def test_intent_plan_or_recent_attempt_is_high(text: str) -> None:
    assert es(text) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Quiero morirme, no le veo sentido a seguir viviendo.",
        "mejor me mato",
        "ya no quiero vivir",
        "quisiera dormir y no despertar nunca más",
        "ojalá no me despertara mañana",  # a wish without a plan
        "todos estarían mejor sin mí",
        "soy una carga para mi familia",
        "me corté otra vez",
        "estoy pensando en suicidarme",
        "tengo ganas de desaparecer y dejar de existir",
        "estoy cansada de vivir",
        "me quiero morir neta",
        "QUIERO MORIR",
        "kiero morirme",
        "ya no puedo mas y me quiero morir",
    ],
)
def test_wishes_to_die_thoughts_and_self_harm_are_a_concern(text: str) -> None:
    assert es(text) in ("concern", "high")


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa con este vídeo jajaja",
        "me quiero morir del sueño, no dormí nada",
        "me quiero morir de la vergüenza, le dije mamá a la profe",
        "me muero por verte el sábado",
        "me quiero morir jajaja qué oso",
        "esta tarea me está matando",
        "nunca me haría daño, tengo a mis hijos",
        "no me voy a matar, tranquilos, solo necesitaba desahogarme",
        "ya no quiero morir, la terapia me está ayudando",
        "mi amiga dice que se quiere matar y no sé qué hacer",
        'la canción dice "me quiero morir" y se me quedó pegada',
        "hace años quería morirme, ahora estoy mucho mejor",
        "me corto el pelo mañana",
        "¿piensas en suicidarte? puedes hablar conmigo",
        "ya no quiero vivir en esta ciudad, me mudo en marzo",
        "hoy fue un buen día, salí a caminar con mi hermana",
    ],
)
def test_hyperbole_negation_quotes_others_and_the_past_stay_quiet(text: str) -> None:
    assert es(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "Eres un idiota, ojalá te mueras",
        "mátate, nadie te va a extrañar",
        "te voy a partir la cara",
        "sos un pelotudo",  # Argentina
        "eres un gilipollas",  # Spain
        "cállate pendejo",  # Mexico
        "Los inmigrantes son una plaga",
        "odio a los gays",
        "No eres más que un m a r i c ó n.",  # spaced out
        "Las mujeres son totalmente desprciables.",  # a letter dropped
        "Los n3gros son de lo peor",  # leetspeak
        "hay que exterminar a los gitanos",
    ],
)
def test_abuse_and_hate_are_found(text: str) -> None:
    assert assess(text, language="es").abuse


@pytest.mark.parametrize(
    "text",
    [
        "No está nada bien decirle subnormal a alguien.",
        'Si veo un comentario como "los inmigrantes son una plaga", lo denunciaré.',
        "Nunca le haría daño a una persona trans.",
        "Soy gay y estoy harto de que me miren raro en el trabajo",
        "Los videojuegos son basura, prefiero leer",
        "Esta semana ha sido una mierda",
        "Adoro a mis compañeras inmigrantes, me ayudan un montón",
        "mi jefe me dijo que soy un inútil y me dolió mucho",
    ],
)
def test_counter_speech_negation_identity_and_venting_are_not_abuse(text: str) -> None:
    assert not assess(text, language="es").abuse


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("mi DNI es 12345678Z", ["ID"]),
        ("NIE X1234567L", ["ID"]),
        ("mi CURP es GODE561231HDFRRN09", ["ID"]),
        ("llámame al 612 345 678", ["PHONE"]),
        ("mi cel es +52 55 1234 5678", ["PHONE"]),
        ("vivo en la calle Mayor 5, Madrid", ["ADDRESS"]),
        ("Av. Insurgentes Sur 1234", ["ADDRESS"]),
        ("mi novia Lucía Fernández me dejó", ["NAME"]),
        ("mi DNI es 12345678A", []),  # the check letter is wrong: not a DNI
        ("llama al 024 o al 717 003 717, a mí me ayudó", []),  # crisis lines are shared on purpose
    ],
)
def test_spanish_private_information(text: str, kinds: list[str]) -> None:
    assert pii_kinds(text) == kinds
