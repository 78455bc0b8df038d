"""Fixtures for voice and video: a real Janus on loopback (skipped with the reason when Janus is
not installed) and a meeting whose call is open now. (Chromium with a fake microphone and camera,
`av_page`, is in tests/browser/conftest.py; the call's browser tests are in tests/browser.)"""

from __future__ import annotations

import copy
import os
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from alongside.groups.models import Group
from alongside.media.janus import EmbeddedConfig, EmbeddedJanus, free_port, is_installed
from alongside.meetings import actions as meeting_actions
from alongside.meetings.models import Meeting
from tests.meetings.conftest import meeting_at

ADMIN_KEY = "test-admin-key"
ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
NO_JANUS = "the Janus media server is not installed (apt-get install janus); .ci/run installs it"

# Real Janus tests run once: in the PostgreSQL + Redis pass when it follows, else on SQLite.
janus_marks = [
    pytest.mark.janus,
    pytest.mark.skipif(not is_installed(), reason=NO_JANUS),
    pytest.mark.skipif(
        ON_SQLITE and bool(os.environ.get("ALONGSIDE_SERVICES_PASS_FOLLOWS")),
        reason="runs once, in the PostgreSQL + Redis pass",
    ),
]


@pytest.fixture(autouse=True)
def _tasks_in_process(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def janus_server() -> Iterator[EmbeddedConfig]:
    if not is_installed():
        pytest.skip(NO_JANUS)
    directory = Path(tempfile.mkdtemp(prefix="alongside-janus-"))
    cfg = EmbeddedConfig(directory=directory, http_port=free_port(), admin_key=ADMIN_KEY)
    server = EmbeddedJanus(cfg).start()
    yield cfg
    server.stop()


@pytest.fixture
def janus(janus_server: EmbeddedConfig, settings: Any) -> EmbeddedConfig:
    """Alongside pointed at the test Janus (and the pages allowed to reach it)."""
    settings.JANUS_URL = janus_server.url
    settings.JANUS_PUBLIC_URL = janus_server.url
    settings.JANUS_ADMIN_KEY = ADMIN_KEY
    settings.JANUS_API_SECRET = ""
    csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    csp["DIRECTIVES"]["connect-src"] = [
        *csp["DIRECTIVES"]["connect-src"],
        f"http://127.0.0.1:{janus_server.http_port}",
    ]
    settings.CONTENT_SECURITY_POLICY = csp
    return janus_server


def online_meeting(group: Group, by: Any, *, minutes_from_now: int = 5, **extra: Any) -> Meeting:
    starts = (timezone.now() + timedelta(minutes=minutes_from_now)).replace(second=0, microsecond=0)
    return meeting_at(group, by, starts, format="online", **extra)


def with_place(meeting: Meeting, *people: Any) -> Meeting:
    for person in people:
        meeting_actions.rsvp(meeting, person)
    return meeting
