"""Logs are one JSON object a line; every line written while a request is handled carries its
request id (the proxy's X-Request-ID, or a new one), which the response returns; no line holds
what a member wrote."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from alongside.core.logs import JsonFormatter
from alongside.rooms.models import ThreadPost
from tests.conftest import client_for, join

SECRET = "my sister's birthday makes me feel invisible"


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured console handler (settings.LOGGING) writes, as the operator sees it."""
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and isinstance(h.formatter, JsonFormatter)
    ]
    assert handlers, "the console handler formats JSON"
    out = io.StringIO()
    # Swapped without setStream(), which flushes the old stream: an earlier test's captured
    # stderr may already be closed.
    old = [h.stream for h in handlers]
    for h in handlers:
        h.stream = out
    yield out
    for h, stream in zip(handlers, old, strict=True):
        h.stream = stream


def lines(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_the_proxys_request_id_is_passed_through(db: Any) -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="proxy-7f3a.42")
    assert response["X-Request-ID"] == "proxy-7f3a.42"


def test_a_request_without_one_gets_a_new_id_each_time(db: Any) -> None:
    first = Client().get("/healthz")["X-Request-ID"]
    second = Client().get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_an_unsafe_request_id_is_replaced(db: Any) -> None:
    for bad in ("has spaces in it", "x" * 129, 'quote"s', "new\\nline"):
        rid = Client().get("/healthz", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert rid != bad and len(rid) == 32


@pytest.mark.django_db(transaction=True)
def test_every_line_of_a_request_has_its_id_and_none_has_the_members_words(
    group: Any, alice: Any, log_lines: io.StringIO
) -> None:
    join(alice, group, share=True)

    def saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
        logging.getLogger("alongside.test").warning("thread post %s saved", instance.pk)

    post_save.connect(saved, sender=ThreadPost, dispatch_uid="test-log-line")
    try:
        response = client_for(alice).post(
            reverse("rooms:threads", args=[group.slug]) + "?q=" + SECRET.replace(" ", "+"),
            {"title": "Birthdays", "text": SECRET},
            HTTP_X_REQUEST_ID="req-abc-123",
        )
    finally:
        post_save.disconnect(dispatch_uid="test-log-line", sender=ThreadPost)
    assert response["X-Request-ID"] == "req-abc-123"
    written = lines(log_lines)
    inside = [line for line in written if line["logger"] == "alongside.test"]
    assert inside and all(line["request_id"] == "req-abc-123" for line in inside)
    (request_line,) = [line for line in written if line["logger"] == "alongside.request"]
    assert request_line["request_id"] == "req-abc-123"
    assert request_line["method"] == "POST" and request_line["status"] == response.status_code
    assert request_line["path"] == reverse("rooms:threads", args=[group.slug])  # no query string
    assert {"time", "level", "message"} <= request_line.keys()
    raw = log_lines.getvalue()
    assert "invisible" not in raw and "birthday" not in raw.lower()


def test_lines_outside_a_request_have_no_id(log_lines: io.StringIO) -> None:
    logging.getLogger("alongside.test").warning("a periodic job ran")
    (line,) = lines(log_lines)
    assert line["message"] == "a periodic job ran" and line["request_id"] == ""


def test_a_websocket_connections_lines_carry_its_request_id(log_lines: io.StringIO) -> None:
    import asyncio
    import threading

    from alongside.core.logs import websocket_request_ids

    async def consumer(scope: dict[str, Any], receive: Any, send: Any) -> None:
        logging.getLogger("alongside.test").warning("socket opened")
        await asyncio.sleep(0)  # and after the loop has run something else
        logging.getLogger("alongside.test").warning("socket closed")

    app = websocket_request_ids(consumer)

    def connect(headers: list[tuple[bytes, bytes]]) -> None:
        # On its own thread: the browser tests leave a running loop on the main thread.
        thread = threading.Thread(
            target=asyncio.run, args=(app({"type": "websocket", "headers": headers}, None, None),)
        )
        thread.start()
        thread.join()

    connect([(b"x-request-id", b"ws-proxy-9")])
    connect([])
    first, second, third, fourth = lines(log_lines)
    assert first["request_id"] == second["request_id"] == "ws-proxy-9"
    assert third["request_id"] == fourth["request_id"] and len(third["request_id"]) == 32
