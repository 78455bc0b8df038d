"""After PostgreSQL restarts, the next request is served: the pool throws its dead connections away
quickly instead of waiting 1 s, 2 s, 4 s between them until the request's time is up (503).

Runs its own PostgreSQL (initdb in a temporary directory, as the `postgres` user) so it can restart
it; skipped where that is not possible. Once, in the PostgreSQL + Redis pass.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg_pool import ConnectionPool

from deploy.testbed import _pg_bin

ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(ON_SQLITE, reason="runs once, in the PostgreSQL + Redis pass"),
    pytest.mark.skipif(
        os.geteuid() != 0 or _pg_bin("initdb") is None,
        reason="needs root (to run a private PostgreSQL as `postgres`) and initdb",
    ),
]


class PrivatePostgres:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="alongside-pg-"))
        self.dir.chmod(0o755)
        self.data = self.dir / "data"
        self.data.mkdir(mode=0o700)
        shutil.chown(self.data, "postgres", "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(_pg_bin("initdb")),
                "-D",
                str(self.data),
                "-U",
                "alongside",
                "--auth=trust",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"postgresql://alongside@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(_pg_bin("postgres")),
                "-D",
                str(self.data),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"port={self.port}",
                "-c",
                f"unix_socket_directories={self.data}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                psycopg.connect(self.url, connect_timeout=1).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.05)
        raise RuntimeError("the private PostgreSQL did not start")

    def stop(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, 2)  # SIGINT: PostgreSQL's fast shutdown
            self.proc.wait(timeout=30)
            self.proc = None


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)


def test_the_first_request_after_a_postgresql_restart_is_served(
    private_postgres: PrivatePostgres,
) -> None:
    # The pool as Django builds it from settings (OPTIONS["pool"], CONN_HEALTH_CHECKS: check).
    pool = ConnectionPool(
        private_postgres.url,
        min_size=4,
        max_size=4,
        timeout=3.0,
        open=False,
        check=ConnectionPool.check_connection,
    )
    pool.open(wait=True)
    try:
        private_postgres.stop()
        private_postgres.start()
        with pool.connection() as conn:  # four dead connections are waiting in the pool
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        pool.close()
