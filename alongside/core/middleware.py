"""Two guards at the edge of every request.

- TextHygieneMiddleware: a request whose path, query string, form fields or JSON body holds a NUL
  or an unpaired surrogate, or whose JSON is nested too deeply or holds NaN/Infinity, is answered
  400 with a message saying what to fix — before any view or action sees it (PostgreSQL refuses
  NUL in text, and a failed write would otherwise be a 500). Cookies holding them are dropped.
- StorageTroubleMiddleware: the database being locked, read-only or unreachable is answered 503
  with "please try again" (JSON for the API) instead of a 500; `storage_trouble_response` is also
  used by the 500 handler, for trouble that starts in another middleware.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alongside.core import text

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def wants_json(request: HttpRequest) -> bool:
    """The JSON API and scripts asking for JSON get errors as JSON; pages get pages."""
    return request.path.startswith("/api/") or request.headers.get("Accept", "").startswith(
        "application/json"
    )


class TextHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A cookie can carry NUL through an escaped quoted value; nobody's browser sends one, so
        # drop it rather than fail the session lookup on every page.
        for name, value in list(request.COOKIES.items()):
            if text.has_unsafe(name) or text.has_unsafe(value):
                del request.COOKIES[name]
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # Here, not in __call__: the session, the person and their language are known, so the
        # answer can be a normal page in their language.
        reason = self._problem(request)
        if reason is None:
            return None
        if wants_json(request):
            return JsonResponse({"detail": str(reason)}, status=400)
        return render(request, "bad_input.html", {"reason": reason}, status=400)

    @staticmethod
    def _problem(request: HttpRequest) -> Any | None:
        found = text.problem(request.path)
        if found is not None:
            return found
        sources = [request.GET]
        if request.content_type in _FORM_TYPES and request.method not in ("GET", "HEAD"):
            sources.append(request.POST)
        for data in sources:
            for key, values in data.lists():
                for value in (key, *values):
                    found = text.problem(value)
                    if found is not None:
                        return found
        if request.content_type == "application/json" and request.body:
            try:
                text.loads(request.body)
            except text.BadJSON as exc:
                return exc.message
        return None


# SQLite result codes that mean "not now" rather than a bug: BUSY, LOCKED, READONLY, IOERR, FULL,
# CANTOPEN, PROTOCOL. (SQLite also reports "no such table" as OperationalError: that is a bug.)
_SQLITE_TROUBLE = {5, 6, 8, 10, 13, 14, 15}


def storage_trouble(exc: BaseException) -> bool:
    """The database could not do its part right now (locked, read-only, unreachable, a pool
    with no free connection) — as opposed to a bug."""
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_TROUBLE
    if isinstance(exc, OperationalError | InterfaceError):
        return True  # PostgreSQL: the connection, a lock timeout, "too many clients", the pool
    # PostgreSQL's "read-only transaction" (SQLSTATE 25006) arrives as InternalError.
    return getattr(cause, "sqlstate", None) == "25006"


def storage_trouble_response(request: HttpRequest) -> HttpResponse:
    message = _(
        "Our storage is busy or unavailable just now, so nothing was changed. Please try again in a moment."
    )
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {"detail": message, "retry_after": RETRY_AFTER_SECONDS}, status=503
        )
    else:
        # No request context: the context processors would ask the database again.
        response = HttpResponse(
            render_to_string("storage_trouble.html", {"message": message}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class StorageTroubleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not storage_trouble(exception):
            return None
        log.warning("storage trouble on %s %s: %s", request.method, request.path, exception)
        return storage_trouble_response(request)
