"""The screening seam: every room message and thread post passes through `screen()` before it
is stored. Rules and small trained models (alongside/safety/classify.py), in-process and offline.

Policy (issue 4):
- A crisis at any level is still posted (never silence a cry for help); the author at once gets
  a private, kind notice with the crisis lines for their country, and staff are alerted.
- Method detail (a plan that names a means, or how to harm oneself: methods.py) is held for a
  moderator — safe-messaging guidelines — and is a crisis `high`: the author is told kindly why,
  sees the crisis lines, and staff are alerted. A crisis that names no means is posted.
- Abuse is held for review; the author is told why.
- Private information (e-mail, phone, address, card, someone's full name) is a warning, not a
  hold: the message is posted and the author is offered to edit or remove it, because holding
  would delay ordinary messages for a risk that is mostly the author's own. In youth groups it
  is held (stricter defaults for young people: contact details shared with strangers).

Contract (used by rooms, journal and others):
- `screen(text, author, group) -> Verdict`, synchronous, in-process, no network, fast (< 2 ms p99).
- `Verdict.visibility` is "visible" (post it) or "held" (store it, show it to nobody but the author
  and moderators until reviewed). A cry for help is never held for being a cry for help.
- `Verdict.author_notice` is a kind, private message for the author (may be empty) and
  `Verdict.resources` the crisis lines for the author's country; the caller shows both to the
  author at once. After storing, the caller calls
  `safety.actions.respond_to_screened_content(source=..., object_id=..., author=..., group=..., verdict=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.core import metrics
from alongside.core.language import priors_of
from alongside.safety.classify import assess
from alongside.safety.crisis_lines import lines_for

PII_LABELS = {
    "EMAIL": gettext_lazy("an e-mail address"),
    "PHONE": gettext_lazy("a phone number"),
    "ADDRESS": gettext_lazy("an address"),
    "NAME": gettext_lazy("someone's full name"),
    "CARD": gettext_lazy("a card number"),
    "ID": gettext_lazy("an identity document number"),
}

CrisisLevel = Literal["none", "concern", "high"]


@dataclass(frozen=True)
class Verdict:
    visibility: Literal["visible", "held"] = "visible"
    crisis: CrisisLevel = "none"
    crisis_score: float = 0.0
    abuse: bool = False
    abuse_score: float = 0.0
    method_detail: bool = False
    pii: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    author_notice: str = ""
    resources: tuple[dict[str, str], ...] = field(default_factory=tuple)
    second_look: bool = False  # the background second look should read it (classify.Assessment)
    language: str = "en"  # the language it was read in (core.language)

    @property
    def is_held(self) -> bool:
        return self.visibility == "held"

    @property
    def needs_response(self) -> bool:
        return self.crisis != "none" or self.abuse or self.method_detail


ALLOW = Verdict()


def screen(text: str, author: Any, group: Any) -> Verdict:
    with metrics.SCREENING_SECONDS.time():  # /metrics: alongside_screening_seconds
        return _screen(text, author, group)


def warm_up() -> None:
    """Load the screen's models now (a server's start), without counting it as a screening."""
    _screen("warming up", None, None)


def _screen(text: str, author: Any, group: Any) -> Verdict:
    youth = bool(getattr(group, "is_youth", False) or getattr(author, "is_youth", False))
    # Read in the writer's language: detected per message, the group's language and the
    # author's profile languages as priors (people switch: a long enough message wins over them).
    a = assess(text, youth=youth, priors=priors_of(author, group))
    held = a.abuse or a.method_detail or (youth and bool(a.pii))
    notices: list[str] = []
    resources: tuple[dict[str, str], ...] = ()
    if a.crisis != "none" or a.method_detail:
        resources = tuple(lines_for(getattr(author, "country", "")))
        notices.append(
            _(
                "It sounds like things are really hard right now. You don't have to face this alone: "
                "the people below are there to listen, any time. If you are in danger now, please call "
                "your local emergency number."
            )
        )
        notices.append(_("A facilitator has been alerted and will check in with you privately."))
    if a.method_detail:
        # Safe messaging: say why without blame, and that a person will read it.
        notices.append(
            _(
                "For now, only you and the moderators can see this message. It includes details of how "
                "someone could harm themselves, and to keep everyone in the group safe we don't share "
                "those. You haven't done anything wrong: we're glad you told us, and a person will read "
                "it soon."
            )
        )
    if a.abuse:
        notices.append(
            _(
                "Your message is waiting for a moderator and isn't shown to others, because it may hurt "
                "someone (for example insults, threats or telling someone to harm themselves). "
                "A moderator will review it; you'll be told the outcome."
            )
        )
    if a.pii:
        kinds = ", ".join(str(PII_LABELS.get(k, k)) for k in a.pii)
        if youth:
            notices.append(
                _(
                    "Your message looks like it contains private information (%(kinds)s), so it is "
                    "waiting for a facilitator. Please keep contact details and real names out of the group."
                )
                % {"kinds": kinds}
            )
        else:
            notices.append(
                _(
                    "Your message looks like it contains private information (%(kinds)s). Others in the "
                    "group can see it: you can edit or remove it."
                )
                % {"kinds": kinds}
            )
    return Verdict(
        visibility="held" if held else "visible",
        crisis=a.crisis,  # type: ignore[arg-type]
        crisis_score=a.crisis_score,
        abuse=a.abuse,
        abuse_score=a.abuse_score,
        method_detail=a.method_detail,
        pii=a.pii,
        reasons=a.reasons,
        author_notice="\n\n".join(notices),
        resources=resources,
        second_look=a.second_look,
        language=a.language,
    )
