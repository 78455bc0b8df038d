"""Two `alongside serve` processes on PostgreSQL under 50 concurrent clients for 60 s: the server's
connection count for the database never goes above the configured bound (ALONGSIDE_DB_POOL_MAX
per process), and no request fails for want of a connection.

Before: persistent per-thread connections under ASGI piled up — two workers held 97 of the
server's 100 connections after 90 s of moderate traffic, then requests failed with "too many
clients". Runs once in CI, in the PostgreSQL + Redis pass (about 70 s).
"""

from __future__ import annotations

import http.client
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client

from tests.conftest import join, make_user
from tests.rooms.servers import free_port, start_server, stop_server

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SECRET = "bounded-connections-test-secret-key-long-enough-0123456789"
POOL_MAX = 5  # per server process
PROCESSES = 2
CLIENTS = 50
SECONDS = 60


@pytest.fixture
def two_servers(settings: Any) -> Iterator[list[int]]:
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    settings.SECRET_KEY = SECRET  # the servers must accept this process's session cookies
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "ALONGSIDE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALONGSIDE_DB_POOL_MAX": str(POOL_MAX),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "ALONGSIDE_SECOND_LOOK": "off",
        "ALONGSIDE_TASK_QUEUE": "in-process",  # no worker to run
        "PGAPPNAME": APP_NAME,
    }
    ports = [free_port() for _ in range(PROCESSES)]
    procs = []
    try:
        for port in ports:
            procs.append(start_server(port, env))
        yield ports
    finally:
        for proc in procs:
            stop_server(proc)


APP_NAME = "alongside-bounded-connections-test"  # libpq reads PGAPPNAME: the servers' connections


def _server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s",
            [APP_NAME],
        )
        return int(cursor.fetchone()[0])


def test_connections_stay_under_the_pool_bound_with_50_clients_for_60_seconds(
    two_servers: list[int], group: Any
) -> None:
    people = [make_user(f"member{i}") for i in range(10)]
    cookies = []
    for person in people:
        join(person, group, share=True)
        client = Client()
        client.force_login(person)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    slug = group.slug
    pages = [
        "/groups/",
        "/api/groups",
        f"/api/groups/{slug}",
        f"/groups/{slug}/",
        "/healthz",
        f"/rooms/{slug}/",
        f"/rooms/{slug}/threads/",
        f"/rooms/{slug}/search/?q=walk",
        "/api/me/groups",
        f"/api/groups/{slug}/members",
        "/outcomes/progress/",
        "/meetings/mine/",
    ]

    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def browse(n: int) -> None:
        rng = random.Random(n)
        port = two_servers[n % PROCESSES]
        cookie = cookies[n % len(cookies)] if n % 5 else ""  # one in five anonymous
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            try:
                conn.request("GET", rng.choice(pages), headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0  # a dropped connection: counted, then a new one
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                statuses[status] += 1
        conn.close()

    threads = [threading.Thread(target=browse, args=(n,), daemon=True) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    highest = 0
    while any(t.is_alive() for t in threads):
        highest = max(highest, _server_connections())
        time.sleep(0.25)
    for t in threads:
        t.join()

    total = sum(statuses.values())
    print(
        f"requests: {total} in {SECONDS} s, statuses {dict(statuses)}, most connections {highest}"
    )
    assert total > CLIENTS * 10  # the load was real
    assert highest >= PROCESSES  # and the count is of the servers' connections
    assert highest <= PROCESSES * POOL_MAX, (
        f"{highest} connections for a bound of {PROCESSES * POOL_MAX}"
    )
    assert statuses[500] == 0 and statuses[0] == 0
    assert (
        statuses[503] <= total * 0.01
    )  # waiting for a free connection, not failing for want of one
