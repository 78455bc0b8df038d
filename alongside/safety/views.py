"""The safety dashboard (moderators: all groups; facilitators: their groups), reports, alerts,
the queue, and a member's own notices and appeals. Views are thin: actions do the work."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import queries as account_queries
from alongside.accounts.queries import time_zone_of
from alongside.accounts.roles import acts_as_admin, acts_as_site_staff
from alongside.core import text
from alongside.safety import actions, deadlines, queries, viewing
from alongside.safety.content import context as content_context
from alongside.safety.content import lookup
from alongside.safety.forms import AuditFilterForm
from alongside.safety.models import Appeal, CrisisAlert, Notice, QueueItem, Sanction

CONTEXT_AROUND = 3  # messages shown before and after a held or reported one


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
        "ack_minutes": {
            "high": deadlines.ack_minutes("high"),
            "concern": deadlines.ack_minutes("concern"),
        },
        "age_band_requests_waiting": (
            account_queries.pending_age_band_requests().count() if acts_as_site_staff(user) else 0
        ),
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


# Alerts, queue items and appeals someone may not handle are "not found", exactly like ids that
# do not exist: a 403 would tell anyone that alert 41 exists.


def _alert_for(request: HttpRequest, pk: int) -> CrisisAlert:
    alert = get_object_or_404(CrisisAlert.objects.select_related("member", "group"), pk=pk)
    if not actions.can_handle_alert(request.user, alert):
        raise Http404
    return alert


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    notes = actions.read_alert_notes(
        request.user, alert, new_viewing=viewing.is_new_viewing(request, f"alert:{alert.pk}")
    )
    content = lookup(alert.source, alert.object_id) if alert.source and alert.object_id else None
    return render(
        request, "safety/alert.html", {"alert": alert, "notes": notes, "content": content}
    )


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
        messages.success(
            request,
            {
                "acknowledge": _("Alert acknowledged."),
                "contact": _("Contact recorded."),
                "resolve": _("Alert resolved."),
                "note": _("Note added."),
            }[step],
        )
    viewing.continue_viewing(
        request, f"alert:{alert.pk}"
    )  # the same viewing: its read is audited once
    return redirect("safety:alert", pk=alert.pk)


def _item_for(request: HttpRequest, pk: int) -> QueueItem:
    item = get_object_or_404(QueueItem.objects.select_related("group", "author", "reporter"), pk=pk)
    if not actions.can_moderate(request.user, item.group):
        raise Http404
    return item


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A held message or a report: the message in context (the messages around it), the author's
    earlier decisions and every decision the README lists."""
    item = _item_for(request, pk)
    actions.read_queue_item(
        request.user, item, new_viewing=viewing.is_new_viewing(request, f"item:{item.pk}")
    )
    content = lookup(item.source, item.object_id)
    others = QueueItem.objects.filter(source=item.source, object_id=item.object_id).exclude(
        pk=item.pk
    )
    alert = queries.open_alert_about(item.author, item.group) if item.author else None
    return render(
        request,
        "safety/item.html",
        {
            "item": item,
            "content": content,
            "others": others,
            "context_lines": content_context(item.source, item.object_id, around=CONTEXT_AROUND),
            "decisions": queries.decisions_about(item.author, request.user),
            "earlier": queries.earlier_reviews(item.author, request.user, exclude=item),
            "open_alert": alert
            if alert is not None and actions.can_handle_alert(request.user, alert)
            else None,
            "mute_choices": [(60, _("1 hour")), (24 * 60, _("1 day")), (7 * 24 * 60, _("1 week"))],
            "can_suspend": getattr(request.user, "is_site_staff", False),
            "can_remove": item.group is not None and item.author is not None,
        },
    )


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    try:  # at most a year: a mute is for a while, and timedelta has limits
        minutes = (
            text.query_int(request.POST.get("mute_minutes"), minimum=0, maximum=366 * 24 * 60)
            or None
        )
    except text.BadNumber as exc:
        messages.error(request, str(exc.message))
        return redirect("safety:item", pk=item.pk)
    try:
        actions.decide_item(
            request.user,
            item,
            request.POST.get("decision", ""),
            request.POST.get("reason", ""),
            mute_minutes=minutes,
        )
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
        viewing.continue_viewing(request, f"item:{item.pk}")
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
        actions.report_content(
            request.user, request.POST.get("source", ""), object_id, request.POST.get("reason", "")
        )
    except actions.SafetyActionError as exc:
        if getattr(request, "htmx", False):
            return HttpResponse(
                f'<p class="errors" role="alert">{_escape(str(exc))}</p>', status=400
            )
        messages.error(request, str(exc))
        return redirect(nxt)
    thanks = _("Thank you. A moderator will look at it, and we'll tell you the outcome.")
    if getattr(request, "htmx", False):
        return HttpResponse(f'<p role="status">{_escape(thanks)}</p>')
    messages.success(request, thanks)
    return redirect(nxt)


def _escape(text: str) -> str:
    return str(escape(text))


@login_required
def my_notices(request: HttpRequest) -> HttpResponse:
    """A member's own notices, the decisions about them, and their appeals."""
    user: Any = request.user
    notices = list(Notice.objects.filter(user=user)[:50])
    sanctions = list(
        Sanction.objects.filter(member=user).select_related("group").prefetch_related("appeals")
    )
    for sanction in sanctions:
        sanction.has_open_appeal = False  # type: ignore[attr-defined]
        for a in sanction.appeals.all():
            a.waits_for_admin = a.status == Appeal.Status.OPEN and queries.waits_for_admin(a)  # type: ignore[attr-defined]
            sanction.has_open_appeal |= a.status == Appeal.Status.OPEN  # type: ignore[attr-defined]
    actions.mark_notices_read(request.user)
    return render(
        request,
        "safety/my_notices.html",
        {"notices": notices, "sanctions": sanctions, "member_zone": time_zone_of(user)},
    )


@login_required
@require_POST
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction, pk=pk, member=request.user)
    try:
        actions.appeal_sanction(request.user, sanction, request.POST.get("text", ""))
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Your appeal has been sent. Someone who did not make the decision will review it."),
        )
    return redirect("safety:my_notices")


@login_required
@require_POST
def appeal_review(request: HttpRequest, pk: int) -> HttpResponse:
    appeal_obj = get_object_or_404(
        Appeal.objects.select_related("sanction", "sanction__group"), pk=pk
    )
    if not actions.can_moderate(request.user, appeal_obj.sanction.group):
        raise Http404
    try:
        actions.review_appeal(
            request.user, appeal_obj, request.POST.get("outcome", ""), request.POST.get("note", "")
        )
    except actions.SafetyActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Appeal reviewed; the member has been told."))
    return redirect("safety:dashboard")


AUDIT_PAGE_SIZE = 50


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for staff who may read it (moderators: safety events; admins: everything),
    filtered by person, group, kind and dates, paged. Reading it is itself audited, once per
    viewing of one set of filters (paging through them is the same viewing)."""
    user: Any = request.user
    if not queries.can_read_audit_log(user):
        raise PermissionDenied(_("The audit log is for moderators and admins."))
    form = AuditFilterForm(request.GET or None, kinds=queries.audit_kinds(user))
    zone = time_zone_of(user)
    entries = queries.audit_entries(user).none()
    filters: dict[str, Any] = {}
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        start = _start_of_day(data.get("since"), zone)
        end = _start_of_day(data["until"] + timedelta(days=1), zone) if data.get("until") else None
        entries = queries.audit_entries(
            user,
            person=data.get("person"),
            group=data.get("group"),
            kind=data.get("kind") or "",
            start=start,
            end=end,
        )
        filters = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
        record = "audit:" + urlencode(sorted(filters.items()))
        if viewing.is_new_viewing(request, record):
            actions.record_audit_event(user, "safety.audit.view", filters=filters)
        viewing.continue_viewing(request, record)  # the next page of the same filters
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names = queries.group_names({e.group_id for e in rows if e.group_id})
    for e in rows:
        e.group_name = names.get(e.group_id, str(e.group_id or ""))  # type: ignore[attr-defined]
    return render(
        request,
        "safety/audit.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "zone": zone,
            "filter_query": urlencode(filters),
            "sees_everything": acts_as_admin(user),
        },
        status=200 if not form.errors else 400,
    )


def _start_of_day(day: date | None, zone: Any) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=zone) if day else None


@login_required
def age_bands(request: HttpRequest) -> HttpResponse:
    """Moderators: the requests to move into or out of the under-18 band, oldest first."""
    if not acts_as_site_staff(request.user):
        raise PermissionDenied(_("Age band requests are decided by moderators."))
    error = ""
    if request.method == "POST":
        try:
            request_id = text.query_int(request.POST.get("request"), minimum=1)
        except text.BadNumber as exc:
            return render(request, "bad_input.html", {"reason": exc.message}, status=400)
        decision = request.POST.get("decision")
        if request_id is None or decision not in ("approve", "decline"):
            return render(
                request,
                "bad_input.html",
                {"reason": _("Choose a request and whether to approve or decline it.")},
                status=400,
            )
        try:
            actions.decide_age_band_request(
                request.user,
                request_id,
                approve=decision == "approve",
                reason=request.POST.get("reason", ""),
            )
        except actions.SafetyActionError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Decision saved. The member has been told."))
            return redirect("safety:age_bands")
    return render(
        request,
        "safety/age_bands.html",
        {
            "requests": account_queries.pending_age_band_requests().select_related("user"),
            "error": error,
            "error_for": request.POST.get("request", ""),
        },
        status=400 if error else 200,
    )
