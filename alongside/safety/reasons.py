"""Why an alert was raised, in plain words for the people who answer it ("mentions a plan and a
time"), instead of the screen's internal names ("crisis rule: crisis_high").

The screen records reasons as short codes (alongside/safety/classify.py): "crisis rule: <rule>",
"crisis classifier", "crisis second look", "method detail", "abuse rule: <name>", "abuse
classifier", "private information: EMAIL, PHONE". A crisis rule whose name says "plan" is read
part by part: "plan_means_time" → "mentions a plan, a means and a time". A code not known here
still gets a plain sentence, never the code itself. Pure logic (translations only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.safety.screening import PII_LABELS

PHRASES = {
    "crisis rule: crisis_high": gettext_lazy("says they mean to end their life, or are about to"),
    "crisis rule: crisis_concern": gettext_lazy(
        "talks about wanting to die, not wanting to be here or hurting themselves"
    ),
    "crisis classifier": gettext_lazy("reads like messages from people in crisis"),
    "crisis second look": gettext_lazy(
        "read again after posting: may be a crisis the first screen missed"
    ),
    "method detail": gettext_lazy("describes a way of harming themselves"),
    "abuse classifier": gettext_lazy("may hurt someone"),
    # Not the screen: the member pressed "Ask for a check-in" (safety.actions.request_check_in).
    "asked for a check-in": gettext_lazy(
        "asked for a check-in after writing in their private journal (the journal is not shared)"
    ),
}

ABUSE_KINDS = {
    "tells someone to kill themselves": gettext_lazy("tells someone to harm themselves"),
    "threat": gettext_lazy("a threat"),
    "harassment": gettext_lazy("insults"),
    "slur": gettext_lazy("a slur"),
}

# The parts of a plan a rule's name may carry, in the order they are said.
PLAN_PARTS = (
    ("means", gettext_lazy("a means")),
    ("method", gettext_lazy("a means")),
    ("quantity", gettext_lazy("a quantity")),
    ("amount", gettext_lazy("a quantity")),
    ("place", gettext_lazy("a place")),
    ("time", gettext_lazy("a time")),
    ("intent", gettext_lazy("an intent")),
)

SOURCE_PHRASES = {
    "phq9": gettext_lazy("answered the questionnaire item about thoughts of death or self-harm"),
}


def _plan(rule: str) -> str:
    words = set(re.split(r"[^a-z]+", rule.lower()))
    parts: list[str] = []
    for key, label in PLAN_PARTS:
        if key in words and str(label) not in parts:
            parts.append(str(label))
    if not parts:
        return _("mentions a plan")
    if len(parts) == 1:
        return _("mentions a plan and %(part)s") % {"part": parts[0]}
    return _("mentions a plan, %(parts)s and %(last)s") % {
        "parts": ", ".join(parts[:-1]),
        "last": parts[-1],
    }


def explain(reason: str) -> str:
    """One reason code in plain words."""
    reason = (reason or "").strip()
    if reason in PHRASES:
        return str(PHRASES[reason])
    kind, _sep, detail = reason.partition(":")
    detail = detail.strip()
    if kind == "crisis rule":
        if "plan" in detail.lower():
            return _plan(detail)
        if "high" in detail.lower():
            return str(PHRASES["crisis rule: crisis_high"])
        return str(PHRASES["crisis rule: crisis_concern"])
    if kind == "abuse rule":
        what = ABUSE_KINDS.get(detail)
        return (
            _("may hurt someone (%(what)s)") % {"what": what}
            if what
            else str(PHRASES["abuse classifier"])
        )
    if kind == "private information":
        labels = [str(PII_LABELS.get(k.strip(), k.strip())) for k in detail.split(",") if k.strip()]
        return _("contains private information (%(kinds)s)") % {"kinds": ", ".join(labels)}
    if "plan" in reason.lower():
        return _plan(reason)
    if "crisis" in reason.lower():
        return str(PHRASES["crisis classifier"])
    return _("flagged by the automatic screen")


def plain_reasons(reasons: Iterable[str], source: str = "") -> list[str]:
    """Every reason in plain words, each said once, in the order they were found."""
    out: list[str] = []
    for reason in reasons or ():
        phrase = explain(str(reason))
        if phrase not in out:
            out.append(phrase)
    if not out and source in SOURCE_PHRASES:
        out.append(str(SOURCE_PHRASES[source]))
    return out
