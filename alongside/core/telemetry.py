"""Error reporting (Sentry) and tracing (OpenTelemetry): hooks, off by default (README, "Errors and
traces"). Neither package is a dependency: an operator who wants one installs it beside Alongside
and sets its variable; every process (web, worker) then turns it on from core's ready().

- `SENTRY_DSN` + `pip install sentry-sdk`: errors are reported without member text. No request
  body, query string, cookies or headers beyond a few harmless ones, no local variables, no log
  breadcrumbs, no exception messages (they can quote a stored value) — only exception types,
  stack frames (file, function, line), the path and the request id.
- `OTEL_EXPORTER_OTLP_ENDPOINT` + `pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
  opentelemetry-instrumentation-django`: a span per request, named by route, with the path and
  never the query string, exported over OTLP/HTTP to the operator's collector. Start Alongside as
  usual (not under `opentelemetry-instrument`, whose Django instrumentation would not drop the query). Database statements are not
  instrumented here (their parameters are what members wrote).

Sending to a third-party service is the operator's choice: point these at a collector you run, on
your own network, as the privacy promise to members requires (DESIGN.md, "Privacy").
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from alongside.core.logs import request_id

log = logging.getLogger(__name__)

# Request headers that say nothing about a person and help read an error.
SAFE_HEADERS = {"content-type", "content-length", "accept", "x-request-id", "user-agent"}

_started = False


def scrub_event(event: dict[str, Any], hint: Any = None) -> dict[str, Any]:
    """Sentry's before_send: what is left carries no member text."""
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        url = str(request.get("url") or "")
        event["request"] = {
            "method": request.get("method"),
            "url": url.split("?", 1)[0],
            "headers": {k: v for k, v in headers.items() if str(k).lower() in SAFE_HEADERS},
        }
    for exc in (event.get("exception") or {}).get("values") or []:
        exc["value"] = ""  # "duplicate key (text)=(...)": a message can quote stored text
        for frame in (exc.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
            frame.pop("context_line", None)
            frame.pop("pre_context", None)
            frame.pop("post_context", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        # The template only ("safety follow-up failed for room message %s"), never its values.
        event["logentry"] = {"message": logentry.get("message", "")}
    event.pop("message", None)
    event.pop("breadcrumbs", None)
    event.pop("extra", None)
    event.pop("user", None)
    if request_id.get():
        event.setdefault("tags", {})["request_id"] = request_id.get()
    return event


def _sentry(dsn: str) -> None:
    try:
        import sentry_sdk
    except ImportError:
        log.warning("SENTRY_DSN is set but sentry-sdk is not installed: errors are not reported")
        return
    sentry_sdk.init(
        dsn=dsn,
        send_default_pii=False,
        include_local_variables=False,
        include_source_context=False,
        max_request_body_size="never",
        max_breadcrumbs=0,
        before_send=scrub_event,  # type: ignore[arg-type]
        before_send_transaction=scrub_event,  # type: ignore[arg-type]
    )


def path_only(span: Any, request: Any) -> None:
    """OpenTelemetry's request hook: the path, never the query string."""
    if span is None or not span.is_recording():
        return
    path = getattr(request, "path", "")
    for key in ("http.target", "url.path"):
        span.set_attribute(key, path)
    span.set_attribute(
        "http.url",
        request.build_absolute_uri(path) if hasattr(request, "build_absolute_uri") else path,
    )
    span.set_attribute("url.query", "")


def request_id_on_span(span: Any, request: Any, response: Any) -> None:
    """OpenTelemetry's response hook: the request id the response carries (RequestIdMiddleware)."""
    if span is None or not span.is_recording():
        return
    rid = response.get("X-Request-ID", "") if hasattr(response, "get") else ""
    if rid:
        span.set_attribute("alongside.request_id", rid)


def _opentelemetry() -> None:
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.django import DjangoInstrumentor
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        log.warning(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but the OpenTelemetry packages are not installed "
            "(opentelemetry-sdk, opentelemetry-exporter-otlp-proto-http, "
            "opentelemetry-instrumentation-django): no traces are exported"
        )
        return
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        # The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT; the resource OTEL_SERVICE_NAME and the like.
        provider = TracerProvider()
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
    DjangoInstrumentor().instrument(request_hook=path_only, response_hook=request_id_on_span)


def setup() -> None:
    """Turn on what the environment asks for; nothing by default."""
    global _started
    if _started:
        return
    _started = True
    if settings.SENTRY_DSN:
        _sentry(settings.SENTRY_DSN)
    if settings.OTEL_ENABLED:
        _opentelemetry()
