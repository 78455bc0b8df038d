"""The safety dashboard (moderators: all groups; facilitators: their groups), reports, alerts,
the queue, and a member's own notices and appeals. Views are thin: actions do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.groups import access
from alongside.safety import actions, queries
from alongside.safety.content import lookup
from alongside.safety.models import Appeal, CrisisAlert, Notice, QueueItem, Sanction


def _staff_only(request: HttpRequest) -> None:
    if not queries.can_use_dashboard(request.user):
        raise PermissionDenied(_("The safety dashboard is for facilitators and moderators."))


def _dashboard_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "alerts": queries.open_alerts_by_urgency(user),
        "resolved": queries.recent_resolved_alerts(user),
        "held": queries.open_items(user, QueueItem.Kind.HELD),
        "reports": queries.open_items(user, QueueItem.Kind.REPORT),
        "appeals": queries.open_appeals(user),
        "now": timezone.now(),
        "ack_minutes": {"high": actions.ack_minutes("high"), "concern": actions.ack_minutes("concern")},
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return render(request, "safety/dashboard.html", _dashboard_context(request))


@login_required
def alerts_live(request: HttpRequest) -> HttpResponse:
    """The open alerts, for htmx polling every few seconds."""
    _staff_only(request)
    return render(request, "safety/_alerts.html", _dashboard_context(request))


def _alert_for(request: HttpRequest, pk: int) -> CrisisAlert:
    alert = get_object_or_404(CrisisAlert.objects.select_related("member", "group"), pk=pk)
    if not actions.can_handle_alert(request.user, alert):
        raise PermissionDenied(_("Only this group's facilitators and moderators can see this alert."))
    return alert


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    notes = actions.read_alert_notes(request.user, alert)
    content = lookup(alert.source, alert.object_id) if alert.source and alert.object_id else None
    return render(request, "safety/alert.html", {"alert": alert, "notes": notes, "content": content})


@login_required
@require_POST
def alert_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    alert = _alert_for(request, pk)
    note = request.POST.get("note", "")
    steps = {
        "acknowledge": lambda: actions.acknowledge_alert(request.user, alert, note=note),
        "contact": lambda: actions.record_contact(request.user, alert, note),
        "resolve": lambda: actions.resolve_alert(request.user, alert, note),
        "note": lambda: actions.add_alert_note(request.user, alert, note),
    }
    if step not in steps:
        raise PermissionDenied
    try:
        steps[step]()
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, {
            "acknowledge": _("Alert acknowledged."), "contact": _("Contact recorded."),
            "resolve": _("Alert resolved."), "note": _("Note added."),
        }[step])
    return redirect("safety:alert", pk=alert.pk)


def _item_for(request: HttpRequest, pk: int) -> QueueItem:
    item = get_object_or_404(QueueItem.objects.select_related("group", "author", "reporter"), pk=pk)
    if not actions.can_moderate(request.user, item.group):
        raise PermissionDenied(_("Only this group's facilitators and moderators can review this."))
    return item


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    content = lookup(item.source, item.object_id)
    others = QueueItem.objects.filter(source=item.source, object_id=item.object_id).exclude(pk=item.pk)
    return render(request, "safety/item.html", {
        "item": item, "content": content, "others": others,
        "mute_choices": [(60, _("1 hour")), (24 * 60, _("1 day")), (7 * 24 * 60, _("1 week"))],
        "can_suspend": getattr(request.user, "is_site_staff", False),
        # groups.actions.remove_member is for the group's facilitators and admins.
        "can_remove": item.group is not None and access.can_manage(request.user, item.group),
    })


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    try:
        minutes = int(request.POST.get("mute_minutes") or 0) or None
    except ValueError:
        minutes = None
    try:
        actions.decide_item(request.user, item, request.POST.get("decision", ""),
                            request.POST.get("reason", ""), mute_minutes=minutes)
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
        return redirect("safety:item", pk=item.pk)
    messages.success(request, _("Decision recorded; the people concerned have been told."))
    return redirect("safety:dashboard")


@login_required
@require_POST
def report(request: HttpRequest) -> HttpResponse:
    """A member reports a message (fields: source, object_id, reason)."""
    nxt = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = "/"
    try:
        object_id = int(request.POST.get("object_id", ""))
    except ValueError:
        object_id = 0
    try:
        actions.report_content(request.user, request.POST.get("source", ""), object_id,
                               request.POST.get("reason", ""))
    except actions.SafetyActionError as exc:
        if getattr(request, "htmx", False):
            return HttpResponse(f'<p class="errors" role="alert">{_escape(str(exc))}</p>', status=400)
        messages.error(request, str(exc))
        return redirect(nxt)
    thanks = _("Thank you. A moderator will look at it, and we'll tell you the outcome.")
    if getattr(request, "htmx", False):
        return HttpResponse(f'<p role="status">{_escape(thanks)}</p>')
    messages.success(request, thanks)
    return redirect(nxt)


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


@login_required
def my_notices(request: HttpRequest) -> HttpResponse:
    """A member's own notices, the decisions about them, and their appeals."""
    user: Any = request.user
    notices = list(Notice.objects.filter(user=user)[:50])
    sanctions = Sanction.objects.filter(member=user).select_related("group").prefetch_related("appeals")
    actions.mark_notices_read(request.user)
    return render(request, "safety/my_notices.html", {"notices": notices, "sanctions": sanctions})


@login_required
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction, pk=pk, member=request.user)
    try:
        actions.appeal_sanction(request.user, sanction, request.POST.get("text", ""))
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your appeal has been sent. Someone who did not make the decision will review it."))
    return redirect("safety:my_notices")


@login_required
@require_POST
def appeal_review(request: HttpRequest, pk: int) -> HttpResponse:
    appeal_obj = get_object_or_404(Appeal.objects.select_related("sanction", "sanction__group"), pk=pk)
    if not actions.can_moderate(request.user, appeal_obj.sanction.group):
        raise PermissionDenied(_("Only this group's facilitators and moderators can review appeals."))
    try:
        actions.review_appeal(request.user, appeal_obj, request.POST.get("outcome", ""), request.POST.get("note", ""))
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Appeal reviewed; the member has been told."))
    return redirect("safety:dashboard")
