"""Honest health and failure: /healthz says what failed (database writes, Redis, the worker), and
storage trouble is a 503 "please try again" page, quickly — never a 500 after 20 s.

Before: with the database locked or read-only, thread replies and sign-in returned 500 after 20 s
while /healthz still answered {"status": "ok"}."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from alongside.rooms import actions as room_actions
from alongside.rooms.models import ThreadPost
from tests.conftest import PASSWORD, client_for, join

pytestmark = pytest.mark.django_db(transaction=True)

TRY_AGAIN = "Please try again in a moment"


@pytest.fixture
def read_only_database() -> Iterator[None]:
    """This connection refuses writes from now on (the request handler shares it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET SESSION default_transaction_read_only = on")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = OFF")
        else:
            cursor.execute("SET SESSION default_transaction_read_only = off")


@pytest.fixture
def locked_sqlite() -> Iterator[None]:
    """Another process-like connection holds SQLite's write lock."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock")
    holder = sqlite3.connect(connection.settings_dict["NAME"], timeout=1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


def test_healthz_is_ok_when_all_is_well(client: Client, settings: Any) -> None:
    settings.TASK_QUEUE = "in-process"  # embedded: the tasks run in this process
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok" and body["checks"]["worker"] == "ok"


def test_healthz_fails_when_the_database_refuses_writes(
    client: Client, read_only_database: None
) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert "database does not take writes" in response.json()["checks"]["database"]


def test_healthz_fails_quickly_when_the_database_is_locked(
    client: Client, locked_sqlite: None
) -> None:
    started = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "locked" in response.json()["checks"]["database"]
    assert time.monotonic() - started < 5


def test_healthz_fails_when_redis_does_not_answer(client: Client, settings: Any) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "redis does not answer" in response.json()["checks"]["redis"]


@pytest.fixture
def thread(group: Any, alice: Any) -> Any:
    join(alice, group, share=True)
    thread, _post, _verdict = room_actions.create_thread(alice, group, "Sleep", "what helps?")
    return thread


@pytest.fixture
def alices_browser(alice: Any) -> Client:
    """Signed in before any trouble starts (signing in writes the session)."""
    client = client_for(alice)
    client.raise_request_exception = False  # see what a browser would get
    return client


def _reply(client: Client, group: Any, thread: Any) -> Any:
    return client.post(
        reverse("rooms:thread", args=[group.slug, thread.pk]),
        {"text": "a walk helps", "client_id": "r1"},
    )


def test_a_reply_when_the_database_is_read_only_asks_to_try_again(
    group: Any, thread: Any, alices_browser: Client, read_only_database: None
) -> None:
    response = _reply(alices_browser, group, thread)
    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()
    assert response["Retry-After"] == "5"


def test_a_reply_when_the_database_is_locked_asks_to_try_again_within_seconds(
    group: Any, thread: Any, alices_browser: Client, locked_sqlite: None
) -> None:
    started = time.monotonic()
    response = _reply(alices_browser, group, thread)
    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()
    assert time.monotonic() - started < 10  # the busy timeout (5 s), not 20 s


def test_the_reply_goes_through_when_there_is_no_trouble(
    group: Any, thread: Any, alices_browser: Client
) -> None:
    response = _reply(alices_browser, group, thread)
    assert response.status_code == 302
    assert ThreadPost.objects.filter(text="a walk helps").exists()


def test_signing_in_when_the_database_is_read_only_asks_to_try_again(
    alice: Any, read_only_database: None
) -> None:
    client = Client(raise_request_exception=False)
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()


def test_the_api_says_so_in_json(
    group: Any, alices_browser: Client, read_only_database: None
) -> None:
    version = group.current_guidelines()
    response = alices_browser.post(
        f"/api/groups/{group.slug}/join",
        {
            "guidelines_version_id": version.pk,
            "guidelines": True,
            "confidentiality": True,
            "crisis_policy": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 503
    assert response.json()["retry_after"] == 5


# -- the worker's heartbeat (a real `alongside worker` on Redis) ----------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
ALONGSIDE = Path(sys.executable).with_name("alongside")


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_for(client: Client, status: int, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        response = client.get("/healthz")
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.5)


@pytest.mark.services
@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")
def test_healthz_follows_the_workers_heartbeat(client: Client, settings: Any) -> None:
    import django_rq
    from rq import Worker

    settings.TASK_QUEUE = "redis"
    settings.WORKER_HEARTBEAT_MAX_AGE = 4
    queue = django_rq.get_queue("default")
    for old in Worker.all(queue=queue):  # registrations left by killed workers of earlier tests
        old.register_death()
    no_worker = client.get("/healthz")
    assert no_worker.status_code == 503
    assert "no worker is running" in no_worker.json()["checks"]["worker"]

    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "ALONGSIDE_TASK_QUEUE": "redis",
        "ALONGSIDE_WORKER_TTL": "16",
        "LOG_LEVEL": "WARNING",
    }  # heartbeat every second while idle
    worker = subprocess.Popen(
        [str(ALONGSIDE), "worker", "--no-scheduler"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(client, 200, 30).status_code == 200
        os.killpg(
            worker.pid, signal.SIGKILL
        )  # dies without unregistering: only the heartbeat tells
        worker.wait(timeout=10)
        stale = _wait_for(client, 503, 15)
        assert stale.status_code == 503
        assert "heartbeat is" in stale.json()["checks"]["worker"]
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        for dead in Worker.all(queue=queue):
            dead.register_death()


def test_a_bug_is_not_disguised_as_storage_trouble() -> None:
    from django.db import DatabaseError

    from alongside.core.middleware import storage_trouble

    with pytest.raises(DatabaseError) as bug, connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")
    assert not storage_trouble(bug.value)
