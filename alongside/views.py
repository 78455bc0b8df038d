from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache

from alongside.core import health
from alongside.core.middleware import storage_trouble, storage_trouble_response, wants_json
from alongside.home import context_for, unread_for


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: a home for each role (alongside/home.py). Otherwise: what Alongside is."""
    if request.user.is_authenticated:
        return render(request, "home.html", context_for(request.user))
    return render(request, "home.html", {})


@login_required
@never_cache
def home_unread(request: HttpRequest) -> HttpResponse:
    """What the home page's "N new" badges say now: polled by the open home page (htmx swaps each
    badge by its id), so a member who keeps it open sees their groups' rooms move."""
    return render(request, "_unread_badges.html", unread_for(request.user))


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database takes a write, Redis answers (when configured) and
    the worker's heartbeat is recent; else 503 with what failed, for the operator or the load
    balancer."""
    results = health.run()
    failed = {name: problem for name, problem in results.items() if problem}
    body = {
        "status": "failing" if failed else "ok",
        "checks": {name: problem or "ok" for name, problem in results.items()},
    }
    return JsonResponse(body, status=503 if failed else 200)


FAVICON = Path(__file__).resolve().parent / "static" / "alongside" / "favicon.ico"


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: answer it, not a 404."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 in the site's look: why (the refusal's own reason, when it gives one) and what to do."""
    reason = str(exception) if exception is not None and exception.args else ""
    if wants_json(request):
        return JsonResponse(
            {"detail": reason or "You do not have permission to do that."}, status=403
        )
    return render(request, "403.html", {"reason": reason, "path": request.path}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 in the site's look. The exception's text is for developers ("No Group matches…") and
    is not shown."""
    if wants_json(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Storage trouble that started outside a view (in a middleware: the session, the person) is
    still a 503 "try again"; anything else is our 500 page, rendered without the request's
    context (no database, no session: whatever broke must not break the error page too)."""
    exc = sys.exc_info()[1]
    if exc is not None and storage_trouble(exc):
        return storage_trouble_response(request)
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # the last resort must not fail
        return defaults.server_error(request)
    return HttpResponse(body, status=500)
