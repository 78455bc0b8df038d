"""Replies that support someone else are screened "none" from their text alone (support.py);
the writer's own crisis, said now, still counts — also inside a supportive reply."""

from __future__ import annotations

import pytest

from alongside.safety.classify import assess_both


@pytest.mark.parametrize(
    "text",
    [
        "You're not alone. Please call 988 or text HOME to 741741 if you're thinking about suicide tonight.",
        "When I felt like that, what helped was talking to my GP and calling the crisis line. I'm here if you need to talk.",
        "I'm so sorry you're going through this. Have you talked to anyone about the suicidal thoughts? Are you safe right now?",
        "Self-harm is not the answer, please reach out to someone you trust.",
        "I've been there. Years ago I wanted to kill myself, and I'm so glad I stayed. It does get better, hang in there.",
        "¿Has hablado con alguien? No estás sola, llama al 024, a mí me ayudó mucho cuando me sentí así.",
        "Cuando yo estuve así, lo que me sirvió fue hablar con mi psicóloga. Te mando un abrazo.",
        "Si piensas en suicidarte, por favor llama a la Línea de la Vida. Tu vida importa.",
    ],
)
def test_support_for_someone_else_is_not_a_crisis(text: str) -> None:
    result = assess_both(text)
    assert result.crisis == "none", result.reasons
    assert result.support


@pytest.mark.parametrize(
    "text",
    [
        "I'm here for you, but honestly I want to die too.",
        "you're not alone. me too, i can't do this anymore",
        "Thanks for the kind words, but I have the pills ready for tonight.",
        "No estás sola... yo también me quiero morir",
        "Gracias por el abrazo, pero esta noche me voy a matar.",
    ],
)
def test_a_supporter_in_crisis_themselves_is_still_found(text: str) -> None:
    assert assess_both(text).crisis in ("concern", "high")
