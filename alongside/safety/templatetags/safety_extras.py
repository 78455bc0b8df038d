"""Template helpers for on-call pages: plain-language reasons and escalation countdowns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from alongside.safety import oncall, reasons
from alongside.safety.deadlines import ack_minutes

register = template.Library()


@register.filter
def plain_reasons(alert: Any) -> str:
    """Why the alert was raised, in plain words ("mentions a plan and a time")."""
    return "; ".join(reasons.plain_reasons(alert.reasons or [], alert.source))


@register.filter
def reasons_in_words(codes: list[str]) -> str:
    """The screen's reason codes for one message, in plain words."""
    return "; ".join(reasons.plain_reasons(codes or []))


@register.simple_tag
def countdown(
    due: datetime | None, escalates: bool = True, now: datetime | None = None
) -> SafeString | str:
    """Time left before an alert escalates, ticked every second by live.js (data-deadline). A
    timer, not a live region: screen readers are not told each second."""
    if due is None:
        return ""
    now = now or timezone.now()
    left = due - now
    before = _("escalates in {time}") if escalates else _("acknowledge within {time}")
    after = _("overdue by {time}")
    overdue = left.total_seconds() < 0
    text = (after if overdue else before).replace("{time}", oncall.clock(left))
    return format_html(
        '<span class="countdown{}" role="timer" aria-live="off" data-deadline="{}" data-before="{}" '
        'data-after="{}">{}</span>',
        " overdue" if overdue else "",
        due.isoformat(),
        before,
        after,
        text,
    )


@register.simple_tag
def alert_countdown(alert: Any, now: datetime | None = None) -> SafeString | str:

    return countdown(oncall.due_at(alert, ack_minutes), oncall.escalates(alert), now)
