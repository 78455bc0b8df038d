"""Structured logs with a request id (README, "Logs").

- `RequestIdMiddleware` (first in MIDDLEWARE): takes the request's `X-Request-ID` when the proxy
  sent a sane one (letters, digits, `.`, `_`, `-`, `:`; at most 128), else makes one; every log
  line written while the request is handled carries it as `request_id`, the response returns it
  in `X-Request-ID`, and one line per request says what was asked and how it ended.
- `websocket_request_ids`: the same for a WebSocket connection (its lifetime).
- `RequestIdFilter`: puts the current id on every record; `JsonFormatter`: one JSON object a line.

The request line holds the method, the path without its query string (a search box's words
travel in the query), the status and the time taken: never a form field, a body or a message.
Code that logs must not put member text in a log line either (a message, a journal entry, a note);
log ids instead.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

HEADER = "X-Request-ID"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

if TYPE_CHECKING:  # settings.py imports this module: no Django imports at run time
    from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
request_log = logging.getLogger("alongside.request")


def new_id() -> str:
    return uuid.uuid4().hex


def accept_id(given: str | None) -> str:
    """The proxy's id when it is sane, else a new one."""
    if given and _SANE.match(given):
        return given
    return new_id()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """`{"time", "level", "logger", "message", "request_id", ...extra}` on one line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("timestamp", False)
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z"
        )


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = accept_id(request.headers.get(HEADER))
        token = request_id.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


def websocket_request_ids(app: Any) -> Any:
    """ASGI wrapper: a WebSocket connection's log lines carry its proxy's (or a new) request id."""

    async def with_request_id(scope: dict[str, Any], receive: Any, send: Any) -> Any:
        given = None
        for name, value in scope.get("headers") or ():
            if name.lower() == b"x-request-id":
                given = value.decode("latin-1")
        token = request_id.set(accept_id(given))
        try:
            return await app(scope, receive, send)
        finally:
            request_id.reset(token)

    return with_request_id


def logging_config(fmt: str, level: str, access_log: bool) -> dict[str, Any]:
    """Django's LOGGING for settings.py: one console handler, JSON (default) or text."""
    formatter = (
        {"()": "alongside.core.logs.JsonFormatter"}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "alongside.core.logs.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "main",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One line per request (method, path without query, status, time) when asked for.
            "alongside.request": {"level": "INFO" if access_log else "WARNING"},
            # Django's own request logger repeats what the request line says (4xx/5xx), with the
            # full path including the query string: keep its errors (tracebacks) only.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "ERROR"},
            # uvicorn's own lines go through the same handler (serve passes log_config=None).
            "uvicorn": {"level": level},
            # uvicorn's access line holds the query string (a search box's words): never written.
            "uvicorn.access": {"handlers": [], "propagate": False},
        },
    }
