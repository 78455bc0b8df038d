"""The questionnaires Alongside offers, as data: exact wording, answer options, source, licence.

Every item is copied word for word from shared/CLINICAL.md, which cites the primary sources.
Never paraphrase an item: a reworded questionnaire is no longer the validated questionnaire.
The wording is deliberately *not* wrapped in gettext: a machine or ad-hoc translation of a
validated scale is not valid either. Official translations (for example the Spanish PHQ-9 and
GAD-7 published with the instruments) may be added here as data, with their own source line.

This module is plain Python (no Django) so that scoring and validation are tested on their own.

Not shipped, on purpose (licences forbid it, see CLINICAL.md "Not to ship"): the Group Session
Rating Scale, WEMWBS/SWEMWBS, CORE-10, C-SSRS item wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    notes=(
        "The stem is ours; CLINICAL.md gives the three items and answers only.",
    ),
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

# Measures about how I am (asked on the 4-weekly check-in) and measures about one group.
PERSONAL_MEASURES = ("phq9", "gad7", "ucla3")
GROUP_MEASURES = ("id4", "id1", "feedback")


def get(key: str) -> Instrument:
    try:
        return INSTRUMENTS[key]
    except KeyError:
        raise KeyError(f"Unknown questionnaire {key!r}.") from None
