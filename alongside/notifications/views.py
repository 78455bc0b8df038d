"""The notification centre's pages. Thin: notifications.actions changes things, and every
notification is checked again (notifications.access) when it is listed or opened. Someone else's
notification is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.queries import signed_in_user
from alongside.notifications import access, actions, queries
from alongside.notifications.models import Kind, Notification


def _mine(request: HttpRequest, notification_id: int) -> Notification:
    notification = (
        Notification.objects.filter(pk=notification_id, user=signed_in_user(request))
        .select_related("group")
        .first()
    )
    if notification is None:
        raise Http404
    return notification


def _context(request: HttpRequest) -> dict[str, object]:
    user = signed_in_user(request)
    return {"notifications": queries.recent(user), "unread": queries.unread_count(user)}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/index.html", _context(request))


@login_required
def list_fragment(request: HttpRequest) -> HttpResponse:
    """The list alone: the page reloads it when a notification arrives live."""
    return render(request, "notifications/_list.html", _context(request))


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go to what it is about — if they may still see it."""
    notification = _mine(request, notification_id)
    user = signed_in_user(request)
    actions.mark_read(user, notification)
    if not access.can_open(user, notification):
        return render(
            request, "notifications/gone.html", {"notification": notification}, status=403
        )
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect("notifications:index")
    return HttpResponseRedirect(url)


@login_required
@require_POST
def read_one(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = _mine(request, notification_id)
    actions.mark_read(signed_in_user(request), notification)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/_list.html", _context(request))
    return redirect("notifications:index")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = actions.mark_all_read(signed_in_user(request))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notifications/_list.html", _context(request))
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notifications:index")


@login_required
def email_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    error = ""
    if request.method == "POST":
        try:
            actions.set_email_kinds(user, request.POST.getlist("kinds"))
        except actions.NotificationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your e-mail choices are saved."))
            return redirect(reverse("notifications:settings"))
    chosen = queries.email_kinds(user)
    return render(
        request,
        "notifications/settings.html",
        {
            "kinds": [(k.value, k.label, k.value in chosen) for k in Kind],
            "error": error,
        },
        status=400 if error else 200,
    )
