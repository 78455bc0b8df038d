"""Sentry and OpenTelemetry are off unless configured; when on, what Alongside hands them carries
no member text (the event is scrubbed before it leaves; spans hold the path, not the query)."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.http import HttpResponse

from alongside.core import telemetry
from alongside.core.logs import request_id

WORDS = "I can't stop thinking about the accident"


def a_sentry_event() -> dict[str, Any]:
    """An event as sentry-sdk builds it for an error in a request that posted a message."""
    return {
        "request": {
            "method": "POST",
            "url": "https://groups.example.org/rooms/x/threads/?q=" + WORDS,
            "data": {"text": WORDS},
            "query_string": "q=" + WORDS,
            "cookies": {"sessionid": "s3cr3t"},
            "headers": {
                "Cookie": "sessionid=s3cr3t",
                "X-Request-ID": "r-1",
                "Referer": "/?q=" + WORDS,
            },
        },
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": f"duplicate key (text)=({WORDS})",
                    "stacktrace": {
                        "frames": [
                            {
                                "function": "_store_post",
                                "lineno": 10,
                                "vars": {"text": WORDS},
                                "context_line": WORDS,
                            }
                        ]
                    },
                }
            ]
        },
        "logentry": {"message": "could not store %s", "params": [WORDS]},
        "message": WORDS,
        "breadcrumbs": {"values": [{"message": WORDS}]},
        "extra": {"text": WORDS},
        "user": {"email": "alice@example.org"},
    }


def test_a_scrubbed_error_report_keeps_what_helps_and_drops_what_members_wrote() -> None:
    token = request_id.set("r-1")
    try:
        event = telemetry.scrub_event(a_sentry_event())
    finally:
        request_id.reset(token)
    sent = json.dumps(event)
    assert (
        WORDS not in sent
        and "accident" not in sent
        and "s3cr3t" not in sent
        and "alice" not in sent
    )
    assert event["exception"]["values"][0]["type"] == "IntegrityError"
    assert event["exception"]["values"][0]["stacktrace"]["frames"][0]["function"] == "_store_post"
    assert event["request"]["url"] == "https://groups.example.org/rooms/x/threads/"
    assert event["tags"]["request_id"] == "r-1"
    assert event["logentry"] == {"message": "could not store %s"}


def test_nothing_is_sent_anywhere_by_default(settings: Any) -> None:
    assert settings.SENTRY_DSN == "" and settings.OTEL_ENABLED is False
    assert "sentry_sdk" not in sys.modules
    assert "opentelemetry.instrumentation.django" not in sys.modules


class Span:
    def __init__(self) -> None:
        self.attributes: dict[str, Any] = {"http.target": "/rooms/x/search/?q=" + WORDS}

    def is_recording(self) -> bool:
        return True

    def set_attribute(self, key: str, value: Any) -> None:
        self.attributes[key] = value


def test_a_traced_request_names_its_path_and_not_its_query(rf: Any) -> None:
    request = rf.get("/rooms/x/search/", {"q": WORDS})
    span = Span()
    telemetry.path_only(span, request)
    telemetry.request_id_on_span(span, request, HttpResponse(headers={"X-Request-ID": "r-2"}))
    assert WORDS not in json.dumps(span.attributes)
    assert span.attributes["http.target"] == "/rooms/x/search/"
    assert span.attributes["alongside.request_id"] == "r-2"
