"""The questionnaires Alongside offers, as data: exact wording, answer options, source, licence.

Every item is copied word for word from shared/CLINICAL.md, which cites the primary sources.
Never paraphrase an item: a reworded questionnaire is no longer the validated questionnaire.
The wording is deliberately *not* wrapped in gettext: a machine or ad-hoc translation of a
validated scale is not valid either. Official translations (for example the Spanish PHQ-9 and
GAD-7 published with the instruments) may be added here as data, with their own source line.

This module is plain Python (no Django) so that scoring and validation are tested on their own.

Languages: `get(key, language)` gives the version a reader of that language sees. A version in
another language has the same item keys and answer values as the English one, so it is scored
identically (scoring always uses the key's English definition). Where CLINICAL.md has no sourced
translation of a measure (UCLA loneliness, group identification), the reader gets the English
items and answers in a frame of our own words (name, stem) in their language, and the page says
why; `Instrument.language` is always the language of the items.

Not shipped, on purpose (licences forbid it, see CLINICAL.md "Not to ship"): the Group Session
Rating Scale, WEMWBS/SWEMWBS, CORE-10, C-SSRS item wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

PFIZER_LICENCE = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc. No permission required to reproduce, "
    "translate, display or distribute."
)


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    options: tuple[Option, ...] = ()  # empty: the instrument's options
    scored: bool = True
    required: bool = True


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    stem: str
    items: tuple[Item, ...]
    options: tuple[Option, ...]
    source: str
    licence: str
    # How the score is made from the scored items: "sum" or "mean".
    scoring: str = "sum"
    # Items whose text names the group: "[group]" is replaced by the group's name.
    about_group: bool = False
    notes: tuple[str, ...] = field(default=())
    # The language of the items and answers (not of the frame around them).
    language: str = "en"

    def options_for(self, item: Item) -> tuple[Option, ...]:
        return item.options or self.options

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.scored)

    @property
    def min_score(self) -> float:
        lows = [min(o.value for o in self.options_for(i)) for i in self.scored_items]
        return sum(lows) if self.scoring == "sum" else min(lows)

    @property
    def max_score(self) -> float:
        highs = [max(o.value for o in self.options_for(i)) for i in self.scored_items]
        return sum(highs) if self.scoring == "sum" else max(highs)

    def item_text(self, item: Item, group_name: str = "") -> str:
        if self.about_group:
            return item.text.replace("[group]", group_name or "this group")
        return item.text

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


# --- PHQ-9 and PHQ-2 -------------------------------------------------------------------------
# Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure.
# J Gen Intern Med 2001;16:606–613. PHQ-2: Kroenke, Spitzer & Williams 2003.

PHQ_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
FREQUENCY_OPTIONS = (
    Option(0, "Not at all"),
    Option(1, "Several days"),
    Option(2, "More than half the days"),
    Option(3, "Nearly every day"),
)
DIFFICULTY_OPTIONS = (
    Option(0, "Not difficult at all"),
    Option(1, "Somewhat difficult"),
    Option(2, "Very difficult"),
    Option(3, "Extremely difficult"),
)

PHQ9_ITEMS = (
    Item("q1", "Little interest or pleasure in doing things"),
    Item("q2", "Feeling down, depressed, or hopeless"),
    Item("q3", "Trouble falling or staying asleep, or sleeping too much"),
    Item("q4", "Feeling tired or having little energy"),
    Item("q5", "Poor appetite or overeating"),
    Item(
        "q6",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
    ),
    Item(
        "q7",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
    ),
    Item(
        "q8",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
    ),
    Item("q9", "Thoughts that you would be better off dead or of hurting yourself in some way"),
)
PHQ9_DIFFICULTY = Item(
    "difficulty",
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?",
    options=DIFFICULTY_OPTIONS,
    scored=False,
    required=False,
)

PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    stem=PHQ_STEM,
    items=(*PHQ9_ITEMS, PHQ9_DIFFICULTY),
    options=FREQUENCY_OPTIONS,
    source="Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606–613.",
    licence=PFIZER_LICENCE,
)

PHQ2 = Instrument(
    key="phq2",
    name="PHQ-2",
    stem=PHQ_STEM,
    items=PHQ9_ITEMS[:2],
    options=FREQUENCY_OPTIONS,
    source="Kroenke K, Spitzer RL, Williams JBW. Med Care 2003 (PHQ-2: items 1–2 of the PHQ-9).",
    licence=PFIZER_LICENCE,
)

# --- GAD-7 and GAD-2 -------------------------------------------------------------------------
# Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety
# disorder: the GAD-7. Arch Intern Med 2006;166:1092–1097.

GAD7_ITEMS = (
    Item("q1", "Feeling nervous, anxious, or on edge"),
    Item("q2", "Not being able to stop or control worrying"),
    Item("q3", "Worrying too much about different things"),
    Item("q4", "Trouble relaxing"),
    Item("q5", "Being so restless that it is hard to sit still"),
    Item("q6", "Becoming easily annoyed or irritable"),
    Item("q7", "Feeling afraid, as if something awful might happen"),
)

GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    stem=PHQ_STEM,
    items=GAD7_ITEMS,
    options=FREQUENCY_OPTIONS,
    source="Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092–1097.",
    licence=PFIZER_LICENCE,
)

GAD2 = Instrument(
    key="gad2",
    name="GAD-2",
    stem=PHQ_STEM,
    items=GAD7_ITEMS[:2],
    options=FREQUENCY_OPTIONS,
    source="Items 1–2 of the GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006).",
    licence=PFIZER_LICENCE,
)

# --- Group identification ------------------------------------------------------------------

AGREEMENT_OPTIONS = (
    Option(1, "Strongly disagree"),
    Option(2, "Disagree"),
    Option(3, "Somewhat disagree"),
    Option(4, "Neither agree nor disagree"),
    Option(5, "Somewhat agree"),
    Option(6, "Agree"),
    Option(7, "Strongly agree"),
)
# CLINICAL.md fixes the anchors (1 = strongly disagree … 7 = strongly agree); the labels of the
# points between are the usual 7-point agreement wording and are ours.

IDENTIFICATION_SINGLE = Instrument(
    key="id1",
    name="Group identification (single item)",
    stem="How much do you agree with this statement?",
    items=(Item("q1", "I identify with [group]"),),
    options=AGREEMENT_OPTIONS,
    source=(
        "Postmes T, Haslam SA, Jans L. A single-item measure of social identification: "
        "reliability, validity, and utility. Br J Soc Psychol 2013;52:597–617."
    ),
    licence="Published research measure; single item reproduced for research and evaluation.",
    scoring="mean",
    about_group=True,
)

IDENTIFICATION_FOUR = Instrument(
    key="id4",
    name="Group identification (4 items)",
    stem="How much do you agree with each statement?",
    items=(
        Item("q1", "I identify with [group]"),
        Item("q2", "I see myself as a member of [group]"),
        Item("q3", "I am pleased to be a member of [group]"),
        Item("q4", "I feel strong ties with [group]"),
    ),
    options=AGREEMENT_OPTIONS,
    source=(
        "Adapted from Doosje B, Ellemers N, Spears R (1995), as used by Haslam, Cruwys and "
        "colleagues (e.g. Cruwys et al. 2014, J Affect Disord 159:139–146). Score: mean of the four."
    ),
    licence="Published research measure; items reproduced for research and evaluation.",
    scoring="mean",
    about_group=True,
)

# --- Loneliness: UCLA 3-item ---------------------------------------------------------------

UCLA3 = Instrument(
    key="ucla3",
    name="Loneliness (UCLA 3-item)",
    stem="The next questions are about how you feel about different aspects of your life.",
    items=(
        Item("q1", "How often do you feel that you lack companionship?"),
        Item("q2", "How often do you feel left out?"),
        Item("q3", "How often do you feel isolated from others?"),
    ),
    options=(Option(1, "Hardly ever"), Option(2, "Some of the time"), Option(3, "Often")),
    source=(
        "Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring loneliness "
        "in large surveys. Res Aging 2004;26:655–672. Total 3–9."
    ),
    licence="Published research measure; items reproduced for research and evaluation.",
    notes=("The stem is ours; CLINICAL.md gives the three items and answers only.",),
)

# --- Session feedback: ours ----------------------------------------------------------------

FEEDBACK_OPTIONS = (
    Option(1, "Not at all"),
    Option(2, "A little"),
    Option(3, "Somewhat"),
    Option(4, "Mostly"),
    Option(5, "Completely"),
)

SESSION_FEEDBACK = Instrument(
    key="feedback",
    name="Session feedback",
    stem="Thinking about today's session in [group]:",
    items=(
        Item("q1", "I felt heard and understood."),
        Item("q2", "I felt safe in the group."),
        Item("q3", "We talked about what mattered to me."),
        Item("q4", "The session was helpful to me."),
    ),
    options=FEEDBACK_OPTIONS,
    source=(
        "Alongside's own short form, written for this product. It is not a validated "
        "instrument and it is not the Group Session Rating Scale (whose licence forbids "
        "computer versions)."
    ),
    licence="Part of Alongside (AGPL-3.0-or-later).",
    scoring="mean",
    about_group=True,
)

# --- Spanish --------------------------------------------------------------------------------
# PHQ-9 and GAD-7, US Spanish (Pfizer translation), word for word from CLINICAL.md "Spanish (es)".
# No Spain-Spanish version was found with a locale label: the US Spanish text is used for every
# Spanish speaker (the source line says so). The licence footer is the one the Spanish forms
# print (several independent copies agree word for word; CLINICAL.md quotes its last sentence
# from phqscreeners.com via CamCOPS).

PHQ_STEM_ES = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
    "siguientes problemas?"
)
FREQUENCY_OPTIONS_ES = (
    Option(0, "Ningún día"),
    Option(1, "Varios días"),
    Option(2, "Más de la mitad de los días"),
    Option(3, "Casi todos los días"),
)
DIFFICULTY_OPTIONS_ES = (
    Option(0, "No ha sido difícil"),
    Option(1, "Un poco difícil"),
    Option(2, "Muy difícil"),
    Option(3, "Extremadamente difícil"),
)
PFIZER_LICENCE_ES = (
    "Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, "
    "mediante una subvención educativa otorgada por Pfizer Inc. No se requiere permiso para "
    "reproducir, traducir, presentar o distribuir."
)
US_SPANISH_NOTE = (
    "Versión en español de EE. UU. (traducción de Pfizer). No hay una versión para España: "
    "es la misma para todas las personas hispanohablantes."
)

PHQ9_ITEMS_ES = (
    Item("q1", "Poco interés o placer en hacer cosas"),
    Item("q2", "Se ha sentido decaído(a), deprimido(a) o sin esperanzas"),
    Item(
        "q3", "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado"
    ),
    Item("q4", "Se ha sentido cansado(a) o con poca energía"),
    Item("q5", "Sin apetito o ha comido en exceso"),
    Item(
        "q6",
        "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con "
        "usted mismo(a) o con su familia",
    ),
    Item(
        "q7",
        "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
        "periódico o ver la televisión",
    ),
    Item(
        "q8",
        "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo "
        "contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    ),
    Item("q9", "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"),
)
PHQ9_DIFFICULTY_ES = Item(
    "difficulty",
    "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas "
    "para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras "
    "personas?",
    options=DIFFICULTY_OPTIONS_ES,
    scored=False,
    required=False,
)

PHQ9_ES = Instrument(
    key="phq9",
    name="PHQ-9",
    stem=PHQ_STEM_ES,
    items=(*PHQ9_ITEMS_ES, PHQ9_DIFFICULTY_ES),
    options=FREQUENCY_OPTIONS_ES,
    source="Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606–613. "
    + US_SPANISH_NOTE,
    licence=PFIZER_LICENCE_ES,
    language="es",
)

PHQ2_ES = Instrument(
    key="phq2",
    name="PHQ-2",
    stem=PHQ_STEM_ES,
    items=PHQ9_ITEMS_ES[:2],
    options=FREQUENCY_OPTIONS_ES,
    source="Kroenke K, Spitzer RL, Williams JBW. Med Care 2003 (PHQ-2: preguntas 1 y 2 del PHQ-9). "
    + US_SPANISH_NOTE,
    licence=PFIZER_LICENCE_ES,
    language="es",
)

# GAD-7: CLINICAL.md's confidence is M (no page copy; five independent application copies agree,
# one drops "tan" in item 5). Its difficulty item has no Spanish source; our GAD-7 has none.
GAD7_ITEMS_ES = (
    Item("q1", "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta"),
    Item("q2", "No ha sido capaz de parar o controlar su preocupación"),
    Item("q3", "Se ha preocupado demasiado por motivos diferentes"),
    Item("q4", "Ha tenido dificultad para relajarse"),
    Item("q5", "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)"),
    Item("q6", "Se ha molestado o irritado fácilmente"),
    Item("q7", "Ha tenido miedo de que algo terrible fuera a pasar"),
)

GAD7_ES = Instrument(
    key="gad7",
    name="GAD-7",
    stem=PHQ_STEM_ES,
    items=GAD7_ITEMS_ES,
    options=FREQUENCY_OPTIONS_ES,
    source="Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092–1097. "
    + US_SPANISH_NOTE,
    licence=PFIZER_LICENCE_ES,
    language="es",
)

GAD2_ES = Instrument(
    key="gad2",
    name="GAD-2",
    stem=PHQ_STEM_ES,
    items=GAD7_ITEMS_ES[:2],
    options=FREQUENCY_OPTIONS_ES,
    source="Preguntas 1 y 2 del GAD-7 (Spitzer, Kroenke, Williams y Löwe 2006). " + US_SPANISH_NOTE,
    licence=PFIZER_LICENCE_ES,
    language="es",
)

# No sourced Spanish version (CLINICAL.md, "Social measures in Spanish"): the English items and
# answers, in a frame of our own words (name, stem, licence note) in Spanish.
_RESEARCH_LICENCE_ES = (
    "Medida de investigación publicada; se reproduce para investigación y evaluación."
)
UCLA3_ES_FRAME = replace(
    UCLA3,
    name="Soledad (UCLA, 3 preguntas)",
    stem="Las siguientes preguntas tratan de cómo te sientes en distintos aspectos de tu vida.",
    source="Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. Res Aging 2004;26:655–672. Puntuación total de 3 a 9.",
    licence=_RESEARCH_LICENCE_ES,
)
IDENTIFICATION_SINGLE_ES_FRAME = replace(
    IDENTIFICATION_SINGLE,
    name="Identificación con el grupo (una pregunta)",
    stem="¿Cuánto estás de acuerdo con esta afirmación?",
    source="Postmes T, Haslam SA, Jans L. Br J Soc Psychol 2013;52:597–617.",
    licence=_RESEARCH_LICENCE_ES,
)
IDENTIFICATION_FOUR_ES_FRAME = replace(
    IDENTIFICATION_FOUR,
    name="Identificación con el grupo (4 preguntas)",
    stem="¿Cuánto estás de acuerdo con cada afirmación?",
    source=(
        "Adaptada de Doosje B, Ellemers N, Spears R (1995), tal como la usan Haslam, Cruwys y "
        "colaboradores (p. ej., Cruwys et al. 2014, J Affect Disord 159:139–146). Puntuación: "
        "media de las cuatro."
    ),
    licence=_RESEARCH_LICENCE_ES,
)

# Session feedback is our own form, so its Spanish is ours too (not a validated instrument).
SESSION_FEEDBACK_ES = Instrument(
    key="feedback",
    name="Valoración de la sesión",
    stem="Pensando en la sesión de hoy en [group]:",
    items=(
        Item("q1", "Sentí que me escuchaban y me comprendían."),
        Item("q2", "Sentí que el grupo era un lugar seguro."),
        Item("q3", "Hablamos de lo que me importaba."),
        Item("q4", "La sesión me ayudó."),
    ),
    options=(
        Option(1, "Nada"),
        Option(2, "Un poco"),
        Option(3, "En parte"),
        Option(4, "Bastante"),
        Option(5, "Totalmente"),
    ),
    source=(
        "Formulario breve propio de Alongside. No es un instrumento validado ni es la Group "
        "Session Rating Scale (cuya licencia no permite versiones por ordenador)."
    ),
    licence="Forma parte de Alongside (AGPL-3.0-or-later).",
    scoring="mean",
    about_group=True,
    language="es",
)

INSTRUMENTS: dict[str, Instrument] = {
    i.key: i
    for i in (
        PHQ9,
        GAD7,
        PHQ2,
        GAD2,
        IDENTIFICATION_SINGLE,
        IDENTIFICATION_FOUR,
        UCLA3,
        SESSION_FEEDBACK,
    )
}

# The version each language's readers see, by (key, language). Missing: the English original.
VERSIONS: dict[tuple[str, str], Instrument] = {
    (i.key, "es"): i
    for i in (
        PHQ9_ES,
        GAD7_ES,
        PHQ2_ES,
        GAD2_ES,
        IDENTIFICATION_SINGLE_ES_FRAME,
        IDENTIFICATION_FOUR_ES_FRAME,
        UCLA3_ES_FRAME,
        SESSION_FEEDBACK_ES,
    )
}

# Measures about how I am (asked on the 4-weekly check-in) and measures about one group.
PERSONAL_MEASURES = ("phq9", "gad7", "ucla3")
GROUP_MEASURES = ("id4", "id1", "feedback")


def get(key: str, language: str = "en") -> Instrument:
    """The questionnaire as a reader of `language` sees it (the English original when there is
    no version in that language). Scoring is the same for every version."""
    try:
        original = INSTRUMENTS[key]
    except KeyError:
        raise KeyError(f"Unknown questionnaire {key!r}.") from None
    return VERSIONS.get((key, (language or "en").split("-")[0].lower()), original)
