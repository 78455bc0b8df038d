"""What safety sends on the per-person live channel (alongside/core/personal.py): the on-call
banner and the dashboard's cue when an alert changes, and a member's new private notice. Each
renderer runs at delivery time and checks what this person may see *now*."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core.events import Event
from alongside.core.personal import register_frame
from alongside.safety import oncall, queries
from alongside.safety.actions import can_handle_alert
from alongside.safety.deadlines import ack_minutes
from alongside.safety.models import CrisisAlert, Notice


def banner_html(user: Any) -> str:
    return render_to_string(
        "safety/_oncall_banner.html",
        {"waiting": queries.oncall_summary(user), "now": timezone.now()},
    )


def banner_region(user: Any) -> dict[str, str]:
    return {"id": "oncall-banner", "html": banner_html(user)}


def alert_frame(user: Any, event: Event) -> dict[str, Any] | None:

    alert = (
        CrisisAlert.objects.filter(pk=int(event.payload.get("alert_id") or 0))
        .select_related("group")
        .first()
    )
    if alert is None or not can_handle_alert(user, alert):
        return None
    change = str(event.payload.get("change", ""))
    waiting = queries.waiting_alerts(user)
    frame: dict[str, Any] = {
        "alert": {"id": alert.pk, "level": alert.level, "status": alert.status, "change": change},
        "regions": [
            {
                "id": "oncall-banner",
                "html": render_to_string(
                    "safety/_oncall_banner.html",
                    {"waiting": oncall.summarize(waiting, ack_minutes), "now": timezone.now()},
                ),
            }
        ],
        "trigger": "alongside-alerts",  # the dashboard's alert list reloads on this
    }
    if change in ("raised", "escalated", "repeated") and any(a.pk == alert.pk for a in waiting):
        frame["announce"] = {
            "raised": _("New crisis alert: %(level)s."),
            "escalated": _("A crisis alert was escalated: %(level)s."),
            "repeated": _("A crisis alert has a new message: %(level)s."),
        }[change] % {"level": alert.get_level_display()}
        frame["urgent"] = alert.level == "high"
    return frame


def banner_on_connect(user: Any) -> list[dict[str, Any]]:
    """A page that (re)connects gets the banner as it is now (it may have missed changes)."""
    if not queries.can_use_dashboard(user):
        return []
    return [{"regions": [banner_region(user)], "trigger": "alongside-alerts"}]


def notice_frame(user: Any, event: Event) -> dict[str, Any] | None:
    notice = Notice.objects.filter(
        pk=int(event.payload.get("notice_id") or 0), user=user, read_at__isnull=True
    ).first()
    if notice is None:
        return None
    html = render_to_string("safety/_unread_notices.html", {"unread": queries.unread_notices(user)})
    # "url": a page that is already showing what the notice points to skips it (live.js).
    return {
        "regions": [{"id": "live-notices", "html": html}],
        "announce": notice.shown,
        "url": notice.url,
    }


def register() -> None:

    register_frame("safety.alert", alert_frame, on_connect=banner_on_connect)
    register_frame("safety.notice", notice_frame)
