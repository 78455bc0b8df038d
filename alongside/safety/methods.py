"""Method detail: a plan that names a means, and how-to content. Pure Python, no Django.

Safe-messaging guidelines (Samaritans, #chatsafe; in Spanish the WHO media guide and the
Ministerio de Sanidad's) say a group must not carry detail of methods. Most plans never say
"suicide": "I counted out 40 paracetamol, doing it after everyone's asleep", "bought a rope and
found a beam that will hold my weight", "me voy a tirar del puente mañana". So the rules look for
the pattern, not for examples: a **means** (pills, a ligature, a height, a blade, a gun, a poison,
a vehicle or train, water) named together with what makes it a plan — an **intent** ("going to",
"voy a"), a **quantity** ("all of them", "60 tablets", "todas"), a **place** ("the beam in the
garage", "the top floor"), a **time** ("tonight", "on Sunday", "cuando todos duerman"), a word
for dying or for the end ("not wake up", "no voy a volver"), or preparation ("saving them up",
"lined up on my desk", "checked the height") — said by the writer about themselves.

What keeps the everyday look-alikes out: each kind of means needs its own act ("take them all",
not "take them to the recycling"; "jump off the bridge", not "the bridge tonight for the
fireworks"), everyday settings near the means (a climbing class, the diving board, cooking,
shaving, the pharmacy, a glue gun) rule it out unless dying is named, and — as for crisis
phrases — a plan that is negated ("I would never…"), in quotes, reported (the news, a film,
"my therapist asked if…"), someone else's ("she hangs herself") or long past ("when I was 19…")
is not the writer's plan now. Such a plan is a crisis `high` and is held from the group
(screening.py); how-to content ("what's the most painless way…") is held the same way.

Rules are written for English and Spanish (Latin American and Spain usage, with or without
accents: `rules.prepare` drops them). Unit tests: tests/safety/test_method_detail.py; the check
set of plans and look-alikes kept out of tuning: tests/safety/data/plans_and_lookalikes.jsonl.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from alongside.safety import rules
from alongside.safety.rules import Alternation


def _any(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


def _cue(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# --- cues: what makes a means a plan (searched in a window of text around the means) ---

# Dying, the end, or having decided; with a means beside it, a plan whatever else is said.
DEATH = _cue(
    r"die|to die|be dead|(?:kill|killing|end|ending) (?:my ?self|me|it|it all|my life|things|everything)",
    r"suicid\w*|take my (?:own )?life|end the pain|no more pain|make it (?:all )?stop",
    r"(?:not|never|won'?t|don'?t) (?:to )?wake up|sleep forever|be gone|gone for good|gone forever",
    r"goodbye|say(?:ing)? goodbye|suicide note|goodbye (?:note|letters?)|the note|letters? (?:written|are written|done)",
    r"(?:wrote|written|left|writing) (?:my|a|the) (?:last )?notes?",
    r"(?:not|won'?t be|never) (?:be )?(?:coming|walking|going|getting) (?:back|home|out|up)",
    r"no ?one will (?:find|miss|know)|nobody will (?:find|miss|know)|before any ?one finds",
    r"lethal|fatal|overdos\w*|od|(?:do|doing) it|go through with it|get it over with|it'?ll be over|be over",
    r"i'?m done(?! with)|i am done(?! with)|i'?m ready now|ready to go|not be here|won'?t be here",
    r"enough to (?:kill|die|end|do it|not wake)",
    r"can'?t (?:go on|do this any ?more|take (?:it|this) any ?more|cope any ?more)",
    # Spanish
    r"morir\w*|muera|matarme|me voy a matar|suicid\w*|quitarme la vida",
    r"(?:acabar|terminar) con (?:todo|mi vida|esto)|no (?:volver a )?despertar|ya no despertar",
    r"no (?:voy a |pienso )?(?:volver|regresar)|no me voy a quitar|desaparecer|despedirme|adios",
    r"(?:dormir|irme) para siempre|(?:las|mis) cartas|cartas? de despedida|ya no (?:aguanto|puedo)",
    r"no (?:aguanto|puedo) mas|lo (?:voy a hacer|hago|hare)|hacerlo|ya decidi",
    r"(?:aguanta|soporta|aguantar|soportar) (?:mi peso|conmigo)|dejar de (?:sufrir|existir)",
)
INTENT = _cue(
    r"going to|gonna|about to|i'?ll|ill|i will|will|plan(?:ning|ned)? (?:to|on)|intend\w*|ready to|decided",
    r"want to|wanna|so close to|i'?m (?:taking|doing|going|swallowing|jumping|walking|driving|heading|using)",
    r"tonight'?s the night|it'?ll be|it will be|it'?s going to be|i know (?:exactly )?(?:which|where|how)",
    # Spanish
    r"voy a|me voy a|vamos a|pienso|quiero|decidi|ya decidi|estoy por|a punto de|lo voy|(?:me )?(?:las|los|la|lo) (?:voy|tomo|trago)",
)
TIME = _cue(
    r"tonight|tomorrow|today|this (?:weekend|week|evening|afternoon|morning|friday|saturday|sunday)",
    r"next (?:week|month|time)|(?:mon|tues|wednes|thurs|fri|satur|sun)days?",
    r"weekend|midnight|at night|in an hour|on my birthday|right now|after (?:this|that|work|school|my shift|the funeral|my appointment|dinner)",
    r"(?:when|once|until|till|before|after) (?:every ?one|every ?body|they|the (?:house|kids|family)|my (?:mum|mom|dad|parents|partner|husband|wife|flatmate|family|kids)|mum|dad|i get home|i'?m alone|i am alone|no ?one|nobody|any ?one|the house)",
    # Spanish
    r"esta noche|hoy|manana|pasado manana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)|(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)",
    r"este (?:finde|fin de semana)|medianoche|a la medianoche|ahorita|ahora mismo|en la noche|de noche|mi cumple\w*",
    r"cuando (?:todos|todas|se|me quede|mis|salga|llegue|nadie|este|no haya|pase)",
)
# Preparation: stockpiling, laying out, checking the place.
STOCKPILE = _cue(
    r"sav(?:e|ed|ing) (?:them |it |\w+ )?up|been saving|stockpil\w*|hoard\w*|collect(?:ing|ed)|stash\w*",
    r"kept (?:every|all|them)|been keeping|squirrel\w*|hidden|hid|ordered",
    r"juntando|junte|juntado|ahorrando|ahorrad[oa]s|guardando|guardad[oa]s|he guardado|acumul\w+|escondid[oa]s?",
)
STAGING = _cue(
    r"lined up|counted(?: out)?|laid out|on my (?:desk|bed|bedside|nightstand|table|bedside table)|in front of me",
    r"in my hand|crushed|popped (?:them )?out|contad[oa]s|en la mesa|sobre la mesa|en mi mano",
)
# Made ready: with a rope, a blade or a height ("got the rope ready"), not with pills ("my pills
# are ready for the trip").
READY = _cue(r"ready|sorted|sharpened|list[oa]s?|preparad[oa]s?|afilad[oa]s?")
SCOUT = _cue(
    r"which (?:floor|bridge|building|one|spot|level)|checked (?:it|the|out)\w*|been up|went up|gone up",
    r"(?:looked|looking|look) (?:at|up)|scop\w+|scout\w*|found (?:a|the) (?:spot|place)|how high|high enough|know exactly",
    r"no (?:fence|railing|barrier)s?|the height|the drop",
    r"ya fui a ver|fui a ver|(?:se|sabe) cuanto mide|cuanto mide|ya lo vi|revise|ya tengo el lugar|suficientemente alt[oa]",
)
BIG_NUMBER = re.compile(
    r"\b(?:\d{2,}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|dozens?|"
    r"veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|docenas?)\b"
    r"(?! ?(?:hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|yrs?|mg|ml|am|pm|%|percent|kg|lbs?|"
    r"metres?|meters?|miles?|km|floors?|storeys?|times?|people|quid|pounds?|dollars?|euros?|st|nd|rd|th|"
    r"horas?|minutos?|dias?|semanas?|meses|anos|metros?|pisos?|veces|personas|pesos|o'?clock))"
    r"|\b(?:two|three|four|five|several|\d) (?:boxes|packs|packets|bottles|strips|tubs|sheets)\b"
    r"|\b(?:dos|tres|cuatro|cinco|varias|\d) (?:cajas|frascos|botes|blisters|tiras|paquetes)\b"
)
ALL = _cue(
    r"all (?:of )?(?:them|it|my|the|those|these)|them all|it all|all at once|every (?:single |last )?(?:\w+ )?(?:one|pill|tablet)s?",
    r"the (?:whole|entire) (?:lot|bottle|box|packet|pack|thing|stash|strip|supply)|the lot|everything",
    r"as many as|tod[oa]s?|el (?:frasco|bote|blister|paquete) entero",
)
# Someone else, a report, the past, a negation, a joke: not the writer's plan now.
REPORTED = _cue(
    r"news|article|documentary|film|movie|show|series|episode|book|novel|character|song|lyrics|podcast",
    r"read about|heard about|asked (?:me )?(?:if|whether)|asks (?:me )?(?:if|whether)|told me (?:that )?(?:she|he|they)",
    r"(?:she|he|they) (?:said|told)|said (?:she|he|they)",
    r"noticias|articulo|documental|pelicula|peli|serie|libro|novela|personaje|cancion",
    r"me pregunt[oa] si|me dijo que|dijeron que|me conto que",
)
PAST = re.compile(
    rules._PAST.pattern
    + r"|\b(?:hace (?:\d+|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|muchos|varios) (?:anos|meses)|"
    r"cuando (?:tenia|era)|de (?:joven|nin[oa]|adolescente)|en el pasado|lo supere|sali adelante|sobrevivi)\b"
)
NEGATED = re.compile(
    r"\b(?:never|would never|will never|wouldn'?t|won'?t|not going to|not gonna|never going to|don'?t|do not|"
    r"promised not to|no longer|nunca|jamas|no (?:me )?(?:voy|pienso|quiero|tomaria|haria|lo voy))\b[^.!?;,\n]{0,45}$"
)
PROTECTIVE = _cue(
    r"gave (?:all )?(?:my|the|them|it)|(?:give|giving) (?:all )?(?:my|the|them|it)\w* (?:to|away)|got rid of",
    r"threw (?:them|it|\w+ \w+) (?:away|out)|flushed|handed (?:them|it) in|safety plan|locked (?:them|it) away",
    r"le di|les di|me deshice|tire (?:las|los)|plan de seguridad|las entregue",
)
THIRD = _cue(
    r"he|she|they|he's|she's|they're|he'd|she'd|they'd|someone|somebody|a (?:man|woman|girl|boy|guy|kid|person)",
    # Spanish "el" (the) and "él" (he) are one word once accents are dropped: not a subject here.
    r"ella|ellos|ellas|alguien|un (?:hombre|chico|senor)|una (?:mujer|chica|senora)",
)
FIRST = _cue(
    r"i|i'm|im|i've|ive|i'll|ill|i'd|me|my|myself|mine",
    r"yo|me|mi|mis|conmigo|voy|tengo|estoy",
)
JOKE = re.compile(
    rules._HYPERBOLE.pattern.pattern
    + r"|\b(?:jaja\w*|jeje\w*|xd)\b|\bmakes? me want to\b|\bme dan ganas de\b"
)


def _means(phrases: str) -> Alternation:
    """The words and phrases that name a means ("pill, pills, car park"), as literal text: one
    rule each (longest first), so that each runs only when its last word is in the message."""
    return Alternation(
        *(
            (rf"\b{re.escape(p)}\b", _LETTERS.findall(p)[-1])
            for p in sorted({p.strip() for p in phrases.split(",")} - {""}, key=len, reverse=True)
        )
    )


_LETTERS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Window:
    """The text around one mention of a means, and its sentence (for who, when and whether)."""

    text: str
    sentence: str
    before: str  # the sentence up to the means
    seen: dict[re.Pattern[str], bool] = field(default_factory=dict, compare=False)

    def has(self, cue: re.Pattern[str]) -> bool:
        # Several kinds and checks ask about the same cues: each is searched once per window.
        if cue not in self.seen:
            self.seen[cue] = cue.search(self.text) is not None
        return self.seen[cue]


@dataclass(frozen=True)
class Kind:
    """One kind of means: the words that name it (found over the whole message) and what makes
    a mention of it a plan (`is_plan`); `everyday` settings rule it out unless dying is named."""

    name: str
    means: Alternation
    is_plan: Callable[[Window], bool]
    everyday: re.Pattern[str] | None = None
    # Cues no everyday setting explains away ("saving them up", "sealing the windows").
    strong: re.Pattern[str] | None = None


def _pills(w: Window) -> bool:
    take = w.has(PILL_TAKE)
    if w.has(STOCKPILE):
        return True
    # Dying named beside pills ("this prozac is all that stands between me and suicide") is a
    # plan only when the pills are taken, held, counted or timed.
    if w.has(DEATH) and (
        take
        or w.has(POSSESS)
        or w.has(INTENT)
        or w.has(TIME)
        or w.has(STAGING)
        or w.has(BIG_NUMBER)
        or w.has(ALL)
    ):
        return True
    if w.has(BIG_NUMBER) and (take or w.has(STAGING) or w.has(TIME) or w.has(INTENT)):
        return True
    if w.has(ALL) and take and (w.has(INTENT) or w.has(TIME)):
        return True
    return w.has(STAGING) and w.has(TIME)


POSSESS = _cue(
    r"have|got|bought|ordered|found|keep|kept|i'?ve|tengo|tenia|compre|consegui|guarde",
)
PILL_TAKE = _cue(
    r"take|taking|took|swallow\w*|down|neck|inject\w*|overdos\w*|od",
    r"tomar\w*|tomo|tome|me (?:las|los|la|lo) (?:tomo|trago|voy|meto)|tragar\w*|trago|inyectar\w*|empastillarme",
)
PILLS = Kind(
    "pills",
    _means(
        "pill, pills, tablet, tablets, meds, medication, medications, medicine, medicines, "
        "capsule, capsules, painkiller, painkillers, paracetamol, acetaminophen, tylenol, "
        "ibuprofen, aspirin, co-codamol, cocodamol, codeine, tramadol, oxycodone, oxy, opioid, "
        "opioids, morphine, fentanyl, diazepam, valium, xanax, alprazolam, lorazepam, "
        "clonazepam, benzo, benzos, zopiclone, ambien, zolpidem, temazepam, sleepers, "
        "antidepressant, antidepressants, sertraline, citalopram, escitalopram, fluoxetine, "
        "prozac, amitriptyline, mirtazapine, venlafaxine, lithium, quetiapine, seroquel, "
        "olanzapine, insulin, propranolol, pastilla, pastillas, pildora, pildoras, tableta, "
        "tabletas, comprimido, comprimidos, capsula, capsulas, medicamento, medicamentos, "
        "medicina, medicinas, ibuprofeno, aspirina, rivotril, insulina, antidepresivo, "
        "antidepresivos, calmante, calmantes, somnifero, somniferos"
    ),
    _pills,
    _cue(
        r"left|prescri\w+|pharmac\w+|chemist|refill|repeat|pick(?:ing)? up|dispos\w*|recycl\w*|back to|return\w*",
        r"organi[sz]er|dosette|with (?:food|breakfast|water|meals|dinner)|every (?:day|morning|night|evening|\d+ hours)",
        r"daily|a day|per day|side effects?|dose|vitamins?|supplements?|empty|like usual|as usual",
        r"for my (?:back|head|headaches?|tooth|teeth|thyroid|blood pressure|allerg\w+|pain|period|cold|flu)",
        r"receta|farmacia|cita|caducad\w*|reciclaje|desayuno|al dia|por dia|cada \w+|efectos|vitaminas?|vacias?",
        r"como siempre|todos los dias|diari\w+|para (?:la|el|mi) (?:tiroides|presion|tension|alergia|dolor|cabeza|colesterol|gripe)",
    ),
    strong=STOCKPILE,
)


def _ligature(w: Window) -> bool:
    if w.has(NOOSE):
        return True
    if w.has(HANG_SELF) and (w.has(INTENT) or w.has(TIME) or w.has(ANCHOR) or w.has(DEATH)):
        return True
    if not w.has(LIGATURE_WORDS):
        return False
    if w.has(NECK_WEIGHT) or w.has(HANG_SELF):
        return True
    return w.has(ANCHOR) and (
        w.has(INTENT) or w.has(TIME) or w.has(DEATH) or w.has(READY) or w.has(SCOUT)
    )


NOOSE = _cue(r"nooses?|ligatures?|noose")
HANG_SELF = _cue(
    r"hang(?:ing|ed)? (?:my ?self|me)|hang from|hung it",
    r"ahorcarme|ahorcar|me ahorco|aorcarme|colgarme|me cuelgo|me voy a colgar|me colgare",
)
LIGATURE_WORDS = _cue(
    r"ropes?|belts?|cords?|cables?|washing line|clothes ?line|dog lead|lead|leash|scarf|chain|bed ?sheets?",
    r"cuerdas?|sogas?|lazos?|mecates?|cinturon|cables?|cordon|bufanda|sabanas?|cadena",
)
ANCHOR = _cue(
    r"beams?|rafters?|hooks?|ban?nister|stair ?rail|railings?|loft|attic|hatch|door ?frame|door|trees?|branch",
    r"ceiling|light fitting|pipe|garage|shed|closet|wardrobe",
    r"vigas?|ganchos?|barandal|baranda|arbol|rama|techo|puerta|armario|garaje|ventilador|cuarto",
)
NECK_WEIGHT = _cue(
    r"neck|(?:hold|take|bear) (?:my weight|me)|(?:strong|high) enough|knot|tie (?:it|a|the)|tied",
    r"cuello|aguanta|soporta|nudo|amarrar\w*",
)
LIGATURE = Kind(
    "ligature",
    _means(
        "rope, ropes, noose, nooses, ligature, ligatures, belt, belts, cord, cords, cable, "
        "cables, washing line, clothes line, clothesline, dog lead, leash, scarf, chain, "
        "hang myself, hang my self, hanging myself, hanged myself, hang me, hung it, cuerda, "
        "cuerdas, soga, sogas, lazo, lazos, mecate, mecates, cinturon, cordon, bufanda, sabana, "
        "sabanas, ahorcarme, ahorcar, me ahorco, aorcarme, colgarme, me cuelgo, me voy a colgar, "
        "me colgare"
    ),
    _ligature,
    _cue(
        r"climb\w*|swing|hammock|camping|tent|boat|sail\w*|tow\w*|laundry|clothes|dog|walk\w*|skipping|gym",
        r"trousers|jeans|seat ?belt|interview|christmas|lights|pictures?|decorations|phone|scouts",
        r"escalada|tendedero|ropa|columpio|hamaca|perro|pantalon\w*|telefono|cuadros?|luces",
    ),
    strong=_cue(NOOSE.pattern, NECK_WEIGHT.pattern, HANG_SELF.pattern),
)


def _heights(w: Window) -> bool:
    if not w.has(HIGH_PLACE):
        return False
    if w.has(JUMP) and (
        w.has(INTENT) or w.has(TIME) or w.has(SCOUT) or w.has(DEATH) or w.has(READY)
    ):
        return True
    if w.has(SCOUT) and (w.has(DEATH) or w.has(INTENT) or w.has(TIME)):
        return True
    return w.has(DEATH) and w.has(INTENT)


JUMP = _cue(
    r"jump\w*|leap\w*|throw(?:ing)? my ?self|go over|going over|step off|fall from|let myself fall",
    r"me (?:voy a )?(?:tirar|aventar|lanzar|arrojar)|(?:tirar|aventar|lanzar|arrojar)me|me (?:tiro|aviento|lanzo|arrojo)",
    r"saltar|salto|me dejo caer",
)
HIGH_PLACE = _cue(
    r"bridges?|viaduct|overpass|flyover|roofs?|rooftop|building|tower|block of flats|car ?park|multi.?storey",
    r"parking (?:garage|structure)|cliffs?|balcony|window|ledge|top (?:floor|level)|\d+(?:st|nd|rd|th)? floor|floor",
    r"storey|quarry|dam|edge|high enough|height|drop",
    r"puente|azotea|techo|edificio|torre|balcon|ventana|piso|acantilado|barranco|precipicio|estacionamiento",
    r"parking|mirador|presa|cornisa|altura",
)
HEIGHTS = Kind(
    "heights",
    _means(
        "bridge, bridges, viaduct, overpass, flyover, roof, roofs, rooftop, building, tower, "
        "block of flats, car park, carpark, multi storey, multistorey, multi-storey, parking, "
        "cliff, cliffs, balcony, window, ledge, top floor, floor, storey, quarry, puente, "
        "azotea, techo, edificio, torre, balcon, ventana, piso, acantilado, barranco, "
        "precipicio, estacionamiento, mirador, cornisa"
    ),
    _heights,
    _cue(
        r"bungee|cliff jumping|diving|dive|pool|swim\w*|trampoline|parachute|skydiv\w*|paraglid\w*|zip ?line",
        r"base jump\w*|parkour|for fun|holiday|adrenaline|harness|fireworks|view|photos?|lift|parked|lunch",
        r"piscina|trampolin|paracaidas|muelle|clavados?|verano|tirolesa|puenting|ascensor|vista",
    ),
)


def _cutting(w: Window) -> bool:
    if (
        w.has(CUT_SELF)
        and (w.has(BODY) or w.has(DEEP))
        and (w.has(INTENT) or w.has(TIME) or w.has(DEATH) or w.has(DEEP))
    ):
        return True
    return (
        w.has(BLADE)
        and (w.has(BODY) or w.has(DEEP) or w.has(CUT_SELF))
        and (w.has(INTENT) or w.has(TIME) or w.has(DEATH) or w.has(READY) or w.has(STOCKPILE))
    )


BLADE = _cue(
    r"razors?|razor ?blades?|blades?|knife|knives|scalpels?|box cutter|stanley knife|craft knife|scissors|broken glass|shards?",
    r"navajas?|cuchillas?|gillettes?|cuchillos?|bisturi|cutter|cuter|tijeras|vidrios?",
)
BODY = _cue(
    r"wrists?|veins?|arter\w+|throat|neck|forearms?|arms?|thighs?|legs?",
    r"venas?|munecas?|cuello|brazos?|piernas?|garganta",
)
CUT_SELF = _cue(
    r"cut(?:ting)? (?:my ?self|my (?:wrists?|veins?|arms?|throat|thighs?|legs?|forearms?))|cut deep\w*",
    r"(?:slit|slash|slice|open(?: up)?) my (?:wrists?|veins?|arms?|throat|thighs?|legs?)",
    r"cortarme|me corto|me voy a cortar|rajarme|abrirme las venas|me corte (?:las|los|el cuello)",
)
DEEP = _cue(
    r"deep\w*|properly|this time|vertical\w*|lengthwise|down the|to the bone|bleed out",
    r"hasta el fondo|profund\w+|a lo largo|desangrarme",
)
CUTTING = Kind(
    "cutting",
    _means(
        "razor, razors, razor blade, razor blades, razorblade, razorblades, blade, blades, "
        "knife, knives, scalpel, scalpels, box cutter, scissors, broken glass, shard, shards, "
        "cut myself, cutting myself, cut my self, cut my wrists, cut my wrist, cut my veins, "
        "cut my arms, cut my arm, cut my throat, cut my thighs, cut my legs, cut deep, "
        "cut deeper, slit my, slash my, slice my, open my, open up my, navaja, navajas, "
        "cuchilla, cuchillas, gillette, gillettes, cuchillo, cuchillos, bisturi, cutter, cuter, "
        "tijeras, vidrio, vidrios, cortarme, me corto, me voy a cortar, rajarme, "
        "abrirme las venas, me corte"
    ),
    _cutting,
    _cue(
        r"shav\w*|cook\w*|onions?|vegetables|chopping|hair|nails|fingers?|craft|carrots|bread|veg",
        r"afeitar\w*|cocina|cebollas?|pelo|unas|dedos?|oficina|pan",
    ),
    strong=DEEP,
)


def _weapons(w: Window) -> bool:
    if w.has(SHOOT_SELF) and (w.has(INTENT) or w.has(TIME) or w.has(DEATH) or w.has(GUN_ACCESS)):
        return True
    return w.has(GUN) and (w.has(DEATH) or (w.has(GUN_ACCESS) and (w.has(INTENT) or w.has(TIME))))


GUN = _cue(
    r"guns?|pistols?|handgun|revolver|rifles?|shotguns?|firearms?|glock|ammo|bullets?|shells|cartridges",
    r"pistolas?|armas?|revolver|escopetas?|rifles?|balas?|cartuchos|fusil",
)
SHOOT_SELF = _cue(
    r"shoot(?:ing)? my ?self|blow my (?:brains|head)|to my head|in my mouth|use it on my ?self|pull the trigger|one bullet",
    r"(?:pegarme|darme) un tiro|me (?:voy a )?(?:pego|doy|pegar|dar) un (?:tiro|balazo)|dispararme|volarme la cabeza",
    r"usarla conmigo|en la cabeza",
)
GUN_ACCESS = _cue(
    r"know where|the key|the code|combination|loaded|load(?: it)?|bought|buy|got (?:a|my|hold)|have (?:a|my)|'ve got",
    r"cabinet|safe|drawer|attic|se donde|la llave|cargada|compre|consegui|tengo|cajon",
)
WEAPONS = Kind(
    "weapons",
    _means(
        "gun, guns, pistol, pistols, handgun, revolver, rifle, rifles, shotgun, shotguns, "
        "firearm, firearms, glock, ammo, bullet, bullets, shells, cartridges, shoot myself, "
        "shooting myself, blow my brains, blow my head, pistola, pistolas, arma, armas, "
        "escopeta, escopetas, bala, balas, cartuchos, fusil, pegarme un tiro, darme un tiro, "
        "me pego un tiro, me voy a pegar un tiro, me voy a dar un tiro, me doy un tiro, "
        "dispararme, volarme la cabeza"
    ),
    _weapons,
    _cue(
        r"glue|water|nerf|toy|staple|nail|heat|spray|paint\w*|grease|massage|cap|bb|airsoft|squirt|range",
        r"hunting|hunt|clay|laser|journal|points|proof|shooting range|shotgun seat",
        r"agua|juguete|silicona|caza|caza\w+|tiro al blanco|gotcha|paintball",
    ),
    strong=SHOOT_SELF,
)


def _poisons(w: Window) -> bool:
    if w.has(GAS) and w.has(GAS_SEAL):
        return True
    return w.has(DRINK) and (w.has(INTENT) or w.has(TIME) or w.has(DEATH) or w.has(ALL))


GAS = _cue(r"charcoal|carbon monoxide|exhaust|hose ?pipe|helium|carbon|monoxido|gas")
GAS_SEAL = _cue(
    r"seal\w*|tape|taped|inside|in the car|in my (?:room|car|bedroom)|in (?:a|the) tent|hose|run the engine",
    r"sellar|sellad[oa]|cinta|adentro|dentro|(?:en|para) el (?:auto|coche|carro|cuarto)|manguera",
)
DRINK = _cue(
    r"drink\w*|swallow\w*|down it|take (?:it|the|all|some)|mix\w*|inhale|breathe|eat",
    r"tomar\w*|tomo|me (?:lo|la) (?:voy|tomo|trago)|beber\w*|bebo|tragar\w*|mezclar\w*|respirar",
)
POISONS = Kind(
    "poisons",
    _means(
        "bleach, antifreeze, anti-freeze, pesticide, pesticides, weedkiller, weed killer, "
        "paraquat, rat poison, poison, poisons, cyanide, drain cleaner, oven cleaner, "
        "cleaning products, cleaning stuff, cleaning chemicals, chemicals, charcoal, "
        "carbon monoxide, exhaust, helium, cloro, lejia, lavandina, veneno, raticida, "
        "matarratas, insecticida, herbicida, pesticida, anticongelante, carbon, monoxido, acido, "
        "sosa caustica"
    ),
    _poisons,
    _cue(
        r"clean\w*|bathroom|toilet|laundry|barbecue|bbq|grill|cook\w*|mice|garden|patio|weeds|alarm|detector",
        r"for the (?:car|mice|rats|garden|pool)|in the car before|spray\w*",
        r"limpi\w*|bano|asado|parrilla|cucarachas|ratones|jardin|piscina|ropa|al (?:coche|carro|auto)|alarma|detector",
    ),
    strong=GAS_SEAL,
)


def _vehicles(w: Window) -> bool:
    return w.has(VEHICLE_ACT) and (
        w.has(INTENT) or w.has(TIME) or w.has(DEATH) or w.has(ON_PURPOSE)
    )


VEHICLE_ACT = _cue(
    r"(?:step|walk|jump|throw my ?self|lie|lay|stand|run|put my ?self|get|sit)\w* (?:down )?(?:in front of|under|onto|on to|into|in the path of) "
    r"(?:a|an|the|my|\d|\w+)? ?(?:\d+:\d+ |fast |next |oncoming |express )?(?:trains?|tube|underground|metro|subway|tram|bus|lorry|lorries|truck|traffic|cars?|motorway|highway|freeway|tracks|railway|express|oncoming)",
    r"on (?:the|to the) (?:tracks|rails|railway|line)|(?:drive|steer|swerve|crash|plough|plow|ram)\w* (?:my car |the car |it )?(?:into|off) (?:a|an|the)",
    r"(?:tirarme|tirar|tiro|aventarme|aviento|lanzarme|lanzo|meterme|acostarme|pararme|cruzarme)\w* (?:al|a la|a las|a los|delante de|frente a|debajo de|en) (?:un |una |el |la |las |los )?(?:tren|metro|vias?|camion|autobus|bus|trafico|carretera|autopista|coche|carro|auto|trailer)",
    r"cruzar (?:la via|las vias|la carretera)|estrellar\w*|chocar\w* (?:el|mi|contra)|volantazo",
)
ON_PURPOSE = _cue(r"on purpose|full speed|deliberately|a proposito|a toda velocidad|a fondo")
VEHICLES = Kind(
    "vehicles",
    _means(
        "train, trains, tube, underground, metro, subway, tram, bus, lorry, lorries, truck, "
        "traffic, car, cars, motorway, highway, freeway, tracks, railway, rails, express, "
        "oncoming, level crossing, tren, via, vias, camion, autobus, trafico, carretera, "
        "autopista, coche, carro, auto, trailer"
    ),
    _vehicles,
    _cue(
        r"class|queue|mirror|camera|audience|crowd|tv|house|cancelled|late",
        r"clase|espejo|tarde|cancelad\w+",
    ),
    strong=ON_PURPOSE,
)


def _drowning(w: Window) -> bool:
    if w.has(DROWN_SELF) and (w.has(INTENT) or w.has(TIME) or w.has(WATER) or w.has(DEATH)):
        return True
    return w.has(WATER) and w.has(WATER_ACT) and (w.has(INTENT) or w.has(TIME) or w.has(DEATH))


DROWN_SELF = _cue(r"drown(?:ing)? (?:my ?self|me)|ahogarme|me ahogo|me voy a ahogar")
WATER = _cue(
    r"river|sea|ocean|lake|canal|reservoir|loch|quarry|harbou?r|the water|bath\w*",
    r"rio|mar|lago|canal|presa|agua|tina|banera|embalse",
)
WATER_ACT = _cue(
    r"walk(?:ing)? (?:out )?into|swim(?:ming)? out|go under|jump in|stones in my pockets|pockets with stones",
    r"weigh\w* (?:my ?self )?down|not (?:come|coming) (?:back|up|out)|until i (?:can'?t|cannot)",
    r"meterme (?:al|en el|en la)|caminar (?:hacia|al)|mar adentro|piedras en los bolsillos|no voy a (?:volver|salir)",
)
DROWNING = Kind(
    "drowning",
    _means(
        "river, sea, ocean, lake, canal, reservoir, loch, quarry, harbour, harbor, water, "
        "drown myself, drowning myself, drown me, rio, mar, lago, presa, agua, embalse, "
        "ahogarme, me ahogo, me voy a ahogar"
    ),
    _drowning,
    _cue(
        r"swimming (?:group|club|lesson)|wild swimming|surf\w*|paddle|boat|holiday|paperwork|work|debt",
        r"nadar con|con el grupo|vacaciones|deudas|trabajo",
    ),
    strong=DROWN_SELF,
)

KINDS = (PILLS, LIGATURE, HEIGHTS, CUTTING, WEAPONS, POISONS, VEHICLES, DROWNING)

# Every means of every kind in one scan (a phrase may name two kinds: "quarry").
_KINDS_OF: dict[str, list[Kind]] = {}
for _kind in KINDS:
    for _source in _kind.means.alternatives:
        _KINDS_OF.setdefault(_source[2:-2].replace("\\", ""), []).append(_kind)
MEANS = _means(", ".join(_KINDS_OF))

# "It'll be the train", "decidí que será el puente": a decided means, with a time or dying.
DECIDED = _cue(
    r"(?:it'?ll|it will|it'?s going to|gonna) be (?:the|a|my)|decided on|going with|(?:i'?ve )?chosen|i chose",
    r"sera (?:el|la|con)|va a ser (?:el|la|con)|ya elegi",
)

# --- how-to: asking or telling how (what amount kills, the easiest way, how long it takes) ---
HOW_TO = Alternation(
    (
        r"\b(?:how (?:many|much)|what (?:dose|amount)|lethal (?:dose|amount)|overdose (?:amount|threshold)|fatal dose)\b.{0,40}"
        r"\b(?:kill|die|lethal|fatal|overdose|od|enough to|to end it|be enough)\b",
        "how lethal overdose what fatal ; kill die lethal fatal overdose od enough end",
    ),
    (r"\b(?:lethal|fatal) (?:dose|amount)\b", "lethal fatal ; dose amount"),
    (
        r"\b(?:best|easiest|quickest|fastest|painless(?:ly)?|surest|most effective|least painful|simplest) (?:way|method|methods|ways) (?:to|of) (?:die|kill|end|commit|suicide|unalive|overdose|hang|cut|od)\b",
        "way ways method methods ; die kill end commit suicide unalive overdose hang cut od",
    ),
    (
        r"\bhow (?:do|can|could|would|should) (?:i|you|someone|one) (?:kill (?:my|your|them)sel(?:f|ves)|commit suicide|end (?:my|your) life|overdose|hang (?:my|your)self|die painlessly)\b",
        "how ; kill commit end overdose hang die",
    ),
    (
        r"\b\d+\s*(?:mg|g|grams|milligrams)\s+(?:of\s+)?(?:paracetamol|acetaminophen|tylenol|ibuprofen|aspirin|insulin|\w+pam|\w+line)\b.{0,40}\b(?:die|kill|end|overdose|od|lethal|enough)\b",
        "mg g grams milligrams ; die kill end overdose od lethal enough",
    ),
    (
        r"\b(?:noose|nooses|ligature|tie (?:a|the) rope|hang(?:ing|ed)? (?:my|him|her|them|your)sel(?:f|ves)|hang myself from)\b",
        "~noose ~ligature ~tie ~hang",
    ),
    (
        r"\b(?:jump(?:ing|ed)?|leap(?:ing)?|throw(?:ing)? (?:my|him|her)self) (?:off|from|in front of) (?:a|the|that|my|this) (?:bridge|building|roof|rooftop|cliff|balcony|tower|car park|parking garage|train|bus|car|lorry|truck|\d+\w* floor)\b",
        "bridge building roof rooftop cliff balcony tower park garage train bus car lorry truck floor",
    ),
    (
        r"\b(?:slit|slash|slice|cut(?:ting)?|open(?:ing)?) (?:my |his |her )?(?:wrists?|arms?|veins?|throat|thighs?) (?:deep(?:er|ly)?|vertical(?:ly)?|down the|along|open|to the bone|lengthwise)\b",
        "slit slash slice cut cutting open opening ; wrist wrists arm arms vein veins throat thigh thighs",
    ),
    (r"\b(?:slit|slash) (?:my|his|her) (?:wrists?|throat|veins?)\b", "slit slash"),
    (
        r"\b(?:is |are )?(?:this|that|it|these) enough (?:pills|tablets|meds|painkillers)\b",
        "enough ; pills tablets meds painkillers",
    ),
    (
        r"\b(?:down|swallow|take|took|drink) (?:a|the|whole|an entire) (?:whole |entire )?(?:bottle|packet|box|pack) of\b",
        "of ; bottle packet box pack",
    ),
    (
        r"\b(?:hanging|drowning|overdos\w*|bleeding out|jumping|suffocat\w*) (?:is |a |as )?(?:a )?(?:painless|quick|peaceful)\b",
        "painless quick peaceful",
    ),
    (
        r"\bhow (?:painful|quick|long|fast) (?:is|does|would) (?:it take to (?:die|bleed out)|hanging|drowning|an overdose|overdosing|bleeding out)\b",
        "how ; painful quick long fast",
    ),
    (
        r"\b(?:mix|mixed|mixing|combine)\b.{0,60}\b(?:hydrogen sulfide|chlorine gas|toxic gas|poison(?:ous)? gas|to (?:make|create) (?:a )?gas)\b",
        "mix mixed mixing combine",
    ),
    (
        r"\b(?:belt|rope|cord|noose|ligature|cable) (?:a?round|on) my neck\b",
        "neck ; belt rope cord noose ligature cable",
    ),
    (
        r"\b(?:carbon monoxide|exhaust fumes|charcoal (?:burning|grill)|helium (?:bag|tank|hood)|exit bag|suicide bag)\b",
        "monoxide fumes burning grill bag tank hood",
    ),
    (
        r"\b(?:gun to my head|shoot (?:my|him|her)self|blow my brains|bullet (?:in|through) my)\b",
        "gun shoot blow bullet",
    ),
    (
        r"\b(?:drown(?:ing)? (?:my|him|her)self|walk into the (?:sea|ocean|river|lake))\b",
        "drown drowning walk",
    ),
    (r"\b(?:in front of|under) (?:a|the) (?:train|bus|lorry|truck)\b", "train bus lorry truck"),
    # Spanish
    (
        r"\b(?:cuant[oa]s?|que (?:dosis|cantidad)|dosis (?:letal|mortal))\b.{0,60}\b(?:morir\w*|matar\w*|letal|mortal|sobredosis|suficiente)\b",
        "~cuant ~dosis ~cantidad",
    ),
    (
        r"\b(?:la )?(?:forma|manera|metodo) (?:mas )?(?:facil|rapida|rapido|segura|seguro|indolora|efectiva|efectivo|sin dolor) (?:de|para) (?:morir\w*|matar\w*|suicid\w*|acabar)",
        "forma manera metodo",
    ),
    (
        r"\bcomo (?:me )?(?:puedo|podria|se puede|hago para) (?:matar\w*|suicid\w*|morir\w*|quitarme la vida|ahorcar\w*)",
        "como",
    ),
)


@dataclass(frozen=True)
class MethodFinding:
    kind: str  # "pills", "ligature", … or "how-to"
    start: int
    end: int


_SENTENCE_END = re.compile(r"[.!?;\n]|\u2026")
_WINDOW = 160  # characters either side of a means: a plan rarely spreads further
_MAX_MENTIONS = 24  # mentions of a means read per message (long posts)


def _sentence(t: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 300)
    ends = [m.end() for m in _SENTENCE_END.finditer(t, lo, start)]
    s = ends[-1] if ends else lo
    m = _SENTENCE_END.search(t, end)
    return s, (m.start() if m else len(t))


def _window(t: str, start: int, end: int) -> Window:
    """Up to _WINDOW characters either side of a means, within its paragraph; and its sentence."""
    s, e = _sentence(t, start, end)
    lo, hi = max(0, start - _WINDOW), min(len(t), end + _WINDOW)
    para = t.rfind("\n\n", lo, start)
    lo = para + 2 if para >= 0 else lo
    para = t.find("\n\n", end, hi)
    hi = para if para >= 0 else hi
    return Window(t[lo:hi], t[s:e], t[s:start])


def _not_the_writers_plan_now(w: Window, start: int, quotes: list[tuple[int, int]]) -> bool:
    """Quoted, reported, in the past, negated, protective, someone else's, or a joke."""
    if any(a <= start < b for a, b in quotes):
        return True
    if REPORTED.search(w.sentence) or PAST.search(w.sentence) or JOKE.search(w.text):
        return True
    if NEGATED.search(w.before) or PROTECTIVE.search(w.sentence):
        return True
    return bool(THIRD.search(w.sentence)) and not FIRST.search(w.sentence)


def findings(text: str, prepared: str | None = None) -> list[MethodFinding]:
    """Every plan and every piece of how-to in a message (empty for most messages)."""
    t = prepared if prepared is not None else rules.prepare(text)
    quotes = rules._quoted_spans(t)
    found: list[MethodFinding] = []
    for m in HOW_TO.finditer(t):
        if not _not_the_writers_plan_now(_window(t, m.start(), m.end()), m.start(), quotes):
            found.append(MethodFinding("how-to", m.start(), m.end()))
    done: set[str] = set()
    for n, m in enumerate(MEANS.finditer(t)):
        if n >= _MAX_MENTIONS:
            break
        w: Window | None = None
        for kind in _KINDS_OF[m.group(0)]:
            if kind.name in done:
                continue
            w = w or _window(t, m.start(), m.end())
            decided = w.has(DECIDED) and (w.has(TIME) or w.has(DEATH))
            if not (decided or kind.is_plan(w)):
                continue
            if (
                kind.everyday is not None
                and kind.everyday.search(w.text)
                and not w.has(DEATH)
                and not (kind.strong is not None and w.has(kind.strong))
            ):
                continue
            if _not_the_writers_plan_now(w, m.start(), quotes):
                continue
            found.append(MethodFinding(kind.name, m.start(), m.end()))
            done.add(kind.name)
    return found


def method_detail(text: str, prepared: str | None = None) -> list[str]:
    """The kinds of method detail in a message ("pills", "heights", "how-to", …); empty if none."""
    return [f.kind for f in findings(text, prepared)]
