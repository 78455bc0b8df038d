from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache

from alongside.core import health
from alongside.core.middleware import storage_trouble, storage_trouble_response


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: a home for each role (alongside/home.py). Otherwise: what Alongside is."""
    if request.user.is_authenticated:
        from alongside.home import context_for

        return render(request, "home.html", context_for(request.user))
    return render(request, "home.html", {})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database takes a write, Redis answers (when configured) and
    the worker's heartbeat is recent; else 503 with what failed, for the operator or the load
    balancer."""
    results = health.run()
    failed = {name: problem for name, problem in results.items() if problem}
    body = {"status": "failing" if failed else "ok",
            "checks": {name: problem or "ok" for name, problem in results.items()}}
    return JsonResponse(body, status=503 if failed else 200)


def server_error(request: HttpRequest) -> HttpResponse:
    """Storage trouble that started outside a view (in a middleware: the session, the person) is
    still a 503 "try again"; anything else is Django's plain 500."""
    exc = sys.exc_info()[1]
    if exc is not None and storage_trouble(exc):
        return storage_trouble_response(request)
    return defaults.server_error(request)
