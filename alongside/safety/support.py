"""Messages that support someone else: "you're not alone, please call 988", "when I felt like
that, what helped was…", "¿has hablado con alguien?". Pure Python, no Django.

Why: a peer-support group is full of people answering someone in pain. Their replies are full of
the words of a crisis ("suicide", "pills", "I know you want to die") and the trained models,
which learned those words from people in crisis, flag most of them: moderators would drown in
alerts about helpers. A reply that supports someone else, and has no crisis of the writer's own
in it, is screened `none` from its text alone; the author is not at risk for having helped.

What counts as support (`support_cues`): reaching out ("are you safe?", "do you have someone you
can talk to?", "¿has hablado con alguien?"), pointing to help (a crisis line, "please call",
"talk to your doctor", "llama al 024"), presence and validation ("you're not alone", "I'm here
for you", "no estás sola", "tu vida importa"), and the writer's own story told in the past to
help ("when I felt like that, what helped was…", "a mí me ayudó…", "I've been there").

What keeps people at risk in (`classify.assess` decides): support only ever silences the trained
models, never a rule. A first-person crisis phrase said now ("I'm here for you, but honestly I
want to die too", "no estás sola… yo también me quiero morir") is found by the crisis rules and
stands; negated, quoted, past or someone else's phrases were already set aside by the rules
(rules.py, rules_es.py). A message needs support cues *and* to be addressed to someone (second
person) or to tell the writer's past, and it must not also speak of the writer's distress now
("I can't go on either", "yo tampoco puedo más").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alongside.safety.rules import CrisisFinding, RuleMatch, _clause_before, level_max

# --- English ---
_EN_CUES = re.compile(
    r"\b(?:you(?:'re| are) not alone|you aren'?t alone|not alone in this|i'?m (?:here|always here) for you|"
    r"(?:we|i) (?:are|am|'re|'m) here (?:for|with) you|here if you (?:need|want)|"
    r"(?:please|pls|plz) (?:call|text|reach out|talk to|contact|go to|tell|stay|don'?t)|reach out to|"
    r"(?:call|text|ring|contact) (?:a |the |your )?(?:crisis|suicide|samaritans|lifeline|hotline|helpline|988|911|999|112|116 ?123|gp|doctor|therapist)|"
    r"(?:talk|speak|talked|spoken) to (?:someone|somebody|a (?:professional|counsel+or|therapist|doctor)|your (?:doctor|gp|therapist|counsel+or|family|parents))|"
    r"have you (?:talked|spoken|told|tried|thought about (?:talking|calling|seeing|getting))|do you have (?:someone|anyone|a (?:therapist|doctor|plan to stay safe))|"
    r"are you (?:safe|ok(?:ay)?|alright|somewhere safe)|(?:is|are) there (?:someone|anyone) (?:you can|who)|"
    r"you (?:matter|deserve (?:help|support|to (?:feel|be|get|live))|are (?:worth|loved|important|valued|strong|brave))|your life (?:matters|is worth)|"
    r"it (?:does )?gets? better|hang in there|stay strong|sending (?:you )?(?:hugs|love|strength)|hugs|"
    r"i'?m (?:so )?(?:sorry|glad) (?:you|that you|to hear)|thank you for (?:sharing|telling|posting)|proud of you|"
    r"what (?:helped|helps|worked for) me|(?:helped|helps) me (?:was|is|a lot)|when i (?:felt|was feeling|went through|was in)|"
    r"i'?ve been (?:there|through (?:this|that|it|the same))|i (?:know|understand) (?:how|what) (?:you|it|that)|"
    r"(?:crisis|suicide|samaritans|lifeline) (?:line|hotline|helpline|text line)|988|116 ?123|741741|"
    r"you (?:can|could|might|should) (?:try|call|text|talk|reach|get|see|ask)|(?:maybe|perhaps) (?:try|you could)|"
    r"if you (?:ever )?(?:need|want) (?:to talk|someone|me)|my (?:dms?|inbox) (?:is|are) open|"
    r"it sounds like (?:you|your)|(?:you may|you might|you could) (?:want|find|benefit|consider)|"
    r"i (?:would|'d) (?:suggest|recommend|encourage)|i (?:suggest|recommend|encourage) (?:you|that)|"
    r"consider (?:talking|seeing|reaching|calling|getting)|(?:a|your) (?:therapist|counsel+or|doctor) (?:can|could|will|may) help|"
    r"(?:it'?s|it is) (?:normal|okay|ok|understandable|common) (?:to|that)|you(?:'re| are) (?:feeling|going through|dealing with)|"
    r"(?:don'?t|do not) give up|(?:please )?(?:stay|be) safe|you(?:'ve| have) got this|(?:we|i) care about you|"
    r"(?:you|u) (?:can|will) get through|(?:one|a) day at a time|(?:good|best of) luck|take care)\b"
)
_EN_SECOND = re.compile(r"\b(?:you|your|you'?re|youre|yours|yourself|u|ur)\b")
_EN_OWN_NOW = re.compile(
    r"\b(?:i (?:want|wanna|need) to (?:die|end it|disappear)|i (?:can'?t|cannot) (?:go on|do this|take (?:it|this))|"
    r"i(?:'m| am) (?:not ok(?:ay)?|struggling|so (?:tired|done)|done|suicidal)|me (?:too|neither|either)|i feel the same|"
    r"i (?:also|too) (?:want|feel|think)|same here|i hate myself|i'?m (?:a burden|worthless|hopeless))\b"
)

# --- Spanish (written without accents: rules.prepare drops them) ---
_ES_CUES = re.compile(
    r"\b(?:no estas sol[oa]|no estan sol[oa]s|aqui estoy|estoy aqui (?:para ti|contigo|si)|estamos (?:aqui|contigo|para ti)|"
    r"cuenta conmigo|cuentas conmigo|(?:por favor|porfa|porfis) (?:llama|escribe|habla|busca|pide|cuidate|no)|"
    r"(?:llama|llame|llamar|marca|marcar|escribe|escribir) (?:al|a la|a tu|a un|a una|a el) ?(?:024|911|112|988|717|800|linea|telefono|medic[oa]|psicolog[oa]|terapeuta|emergencias)|"
    r"(?:has|ha) (?:hablado|pensado en hablar|contado|pedido ayuda|buscado ayuda|ido)|(?:hablaste|hablas|puedes hablar|podrias hablar) con (?:alguien|tu|un[ao]?|algun)|"
    r"(?:tienes|tenes|tiene) (?:a alguien|alguien|a quien|un terapeuta|una terapeuta|psicolog[oa])|"
    r"(?:estas|estás|esta usted) (?:a salvo|segur[oa]|bien\?|en un lugar seguro)|"
    r"tu vida (?:importa|vale)|(?:tu )?(?:importas|vales mucho|mereces (?:ayuda|apoyo|estar bien|sentirte mejor))|"
    r"mucho animo|mucha fuerza|un abrazo|te mando (?:un abrazo|fuerza|animo|carino|mucha fuerza)|abrazos|"
    r"(?:lo )?siento (?:mucho )?que (?:estes|te sientas|estes pasando)|gracias por (?:compartir|contarlo|contarnos|escribir)|"
    r"(?:a mi|me) (?:me )?(?:ayudo|ayuda|sirvio|sirve)|lo que me (?:ayudo|sirvio|funciono)|cuando (?:yo )?(?:me senti|estuve|pase por|estaba)|"
    r"(?:yo )?(?:tambien )?(?:he|e) pasado por (?:eso|lo mismo|algo parecido)|se (?:lo que|como) (?:se siente|es)|te entiendo|"
    r"(?:linea|telefono) (?:de la (?:vida|esperanza)|de crisis|de prevencion)|024|717 ?003 ?717|800 ?911 ?2000|"
    r"(?:puedes|podrias|deberias|intenta|prueba a) (?:llamar|hablar|escribir|pedir|buscar|ir)|"
    r"si (?:necesitas|quieres) (?:hablar|alguien)|mi (?:dm|privado|md) esta abierto|va a mejorar|(?:esto )?pasara)\b"
)
_ES_SECOND = re.compile(
    r"\b(?:tu|tus|te|ti|contigo|usted|vos|estas|tienes|tenes|puedes|podes|quieres|queres|has|sientes|sentis|eres|sos|"
    r"llama|habla|escribe|cuidate|busca|pide|piensas|necesitas)\b"
)
_ES_OWN_NOW = re.compile(
    r"\b(?:yo (?:tambien|tampoco) (?:quiero|puedo|aguanto|me)|me quiero morir|quiero morir\w*|no puedo mas|"
    r"(?:yo )?tambien me siento (?:asi|igual)|estoy (?:fatal|muy mal|hundid[oa])|me odio|no aguanto mas|igual que tu)\b"
)


@dataclass(frozen=True)
class Support:
    cues: int
    addressed: bool  # second person: the message speaks to someone
    own_distress: bool  # the writer's own distress, now

    @property
    def supportive(self) -> bool:
        return self.cues >= 1 and (self.addressed or self.cues >= 2) and not self.own_distress


def support_cues(prepared: str, language: str = "en") -> Support:
    """What in a prepared text (rules.prepare) reads as support for someone else."""
    if language == "es":
        cues, second, own = _ES_CUES, _ES_SECOND, _ES_OWN_NOW
    else:
        cues, second, own = _EN_CUES, _EN_SECOND, _EN_OWN_NOW
    n = sum(1 for _ in cues.finditer(prepared))
    if language not in ("en", "es"):
        n += sum(1 for _ in _ES_CUES.finditer(prepared))
    if not n:
        return Support(0, False, False)
    return Support(n, bool(second.search(prepared)), bool(own.search(prepared)))


def is_support(prepared: str, language: str = "en") -> bool:
    return support_cues(prepared, language).supportive


_EN_FIRST = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|myself|mine)\b")
_ES_FIRST = re.compile(
    r"\b(?:yo|me|mi|mis|conmigo|quiero|voy|estoy|soy|tengo|pienso|siento|necesito|intente|tome|deje|escribi)\b"
)


def set_aside_impersonal(
    finding: CrisisFinding, prepared: str, language: str = "en"
) -> CrisisFinding:
    """In a supportive message, crisis phrases that are about no one in particular ("self-harm
    is not the answer", "thoughts of suicide are a symptom", "if you're having suicidal
    thoughts…") are set aside: only a phrase with the writer in it (in the phrase or its clause)
    still counts. Returns a new finding; the rules' own matches are not changed."""
    first = _ES_FIRST if language == "es" else _EN_FIRST
    kept: list[RuleMatch] = []
    aside: list[RuleMatch] = list(finding.suppressed)
    for m in finding.matches:
        clause = _clause_before(prepared, m.start) + prepared[m.start : m.end]
        if first.search(clause):
            kept.append(m)
        else:
            aside.append(RuleMatch(m.rule, m.level, m.start, m.end, "impersonal"))
    level = "none"
    for m in kept:
        level = level_max(level, m.level)
    return CrisisFinding(level, kept, aside)
