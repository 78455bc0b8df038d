"""Schemathesis fuzzes the JSON API from its own OpenAPI schema, anonymous and signed in, with
valid and invalid data: no answer is a 5xx, and every answer (status, content type, body) is one the
schema declares.

Bounded: a fixed number of examples per mode (about a minute on the 2-core machine). It runs once
in CI, in the PostgreSQL + Redis pass (where NUL and oversized numbers used to be 500s); on SQLite
only when that pass will not follow (a plain `pytest` run, or a machine without the services).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.specs.openapi import checks as openapi_checks

from tests.conftest import join

ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        ON_SQLITE and bool(os.environ.get("ALONGSIDE_SERVICES_PASS_FOLLOWS")),
        reason="runs once, in the PostgreSQL + Redis pass",
    ),
    pytest.mark.django_db,
]

EXAMPLES = 30  # per operation, mode (valid/invalid data) and visitor (anonymous/signed in)

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]


def _signed_in_headers(user: Any) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    client.get("/")  # the page sets the CSRF cookie
    session, csrf = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}


@contextmanager
def _app_on_this_connection() -> Iterator[Any]:
    """The Django app, run in this thread on the test's own database connection: like Django's
    test client, keep the request signals from closing that connection between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(mode: GenerationMode, headers: dict[str, str], slug: str) -> None:
    with _app_on_this_connection() as app:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 7
        for operation in operations:
            # Half the cases name a real group (so joins, consents and member lists get past 404).
            strategy = operation.as_strategy(generation_mode=mode)
            if "{slug}" in operation.path:
                strategy |= operation.as_strategy(
                    generation_mode=mode, path_parameters={"slug": slug}
                )

            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case: Any) -> None:
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS, headers=headers)

            try:
                run()
            except Unsatisfiable:
                # Nothing invalid can be said to it (no body, only a free-text path part).
                assert mode == GenerationMode.NEGATIVE, operation.label


@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_anonymous_visitors_never_get_a_server_error(group: Any, mode: GenerationMode) -> None:
    _fuzz(mode, {}, group.slug)


@pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)
def test_signed_in_members_never_get_a_server_error(
    group: Any, alice: Any, mode: GenerationMode
) -> None:
    join(alice, group)
    _fuzz(mode, _signed_in_headers(alice), group.slug)
