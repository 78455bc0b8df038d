"""Showing suppressed cells, and the "Check-ins due" list other pages (home) can include."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.outcomes import queries
from alongside.outcomes.stats import Cell
from alongside.outcomes.views import BAND_WORDS

register = template.Library()

# Everyday names for the questionnaires (the item wording itself stays exact and untranslated).
TITLES = {
    "phq9": gettext_lazy("PHQ-9 (mood)"),
    "gad7": gettext_lazy("GAD-7 (anxiety)"),
    "phq2": gettext_lazy("PHQ-2 (quick mood check)"),
    "gad2": gettext_lazy("GAD-2 (quick anxiety check)"),
    "ucla3": gettext_lazy("Loneliness"),
    "id4": gettext_lazy("How I feel about my group"),
    "id1": gettext_lazy("How I feel about my group (one question)"),
    "feedback": gettext_lazy("Session feedback"),
}


@register.filter
def instrument_title(key: str) -> str:
    return str(TITLES.get(key, key))


@register.filter
def band_word(band: str) -> str:

    return str(BAND_WORDS.get(band, band))


def _hidden(cell: Cell) -> str | None:
    if cell.suppressed:
        # Neutral words: privacy, not a poor result ("Reliable improvement: fewer than 5" read as one).
        return _("not shown (fewer than 5 people)")
    if cell.value is None:
        return "—"
    return None


@register.filter
def cell_count(cell: Cell) -> str:
    return _hidden(cell) or str(int(cell.value or 0))


@register.filter
def cell_mean(cell: Cell) -> str:
    return _hidden(cell) or f"{cell.value:.1f}"


@register.filter
def cell_share(cell: Cell) -> str:
    return _hidden(cell) or _("%(pct)s%% of %(n)s") % {
        "pct": round((cell.value or 0) * 100),
        "n": cell.n,
    }


@register.filter
def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


@register.inclusion_tag("outcomes/_due.html", takes_context=True)
def checkins_due(context: Any) -> dict[str, Any]:
    """Only reads: schedules are kept up to date by the actions and the periodic refresh."""

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"due": []}
    return {"due": queries.due_checkins(user), "compact": True}
