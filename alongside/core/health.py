"""What `/healthz` checks: the database takes a write, Redis answers (when configured), and the
background worker is alive (its heartbeat is recent). Each check returns None when all is well, or
a short description of what failed — for the operator, never shown to members.

The write is real (it takes the write lock on SQLite, and fails on a read-only PostgreSQL) but
rolled back, so the check leaves nothing behind. Each check gives up within a few seconds.
"""

from __future__ import annotations

from datetime import UTC, datetime

import django_rq
import redis as redis_lib
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from rq import Worker

CHECK_TIMEOUT_SECONDS = 2


def database() -> str | None:
    try:
        if connection.vendor == "sqlite":
            with (
                connection.cursor() as cursor
            ):  # wait briefly for the write lock, not the usual timeout
                cursor.execute(f"PRAGMA busy_timeout = {CHECK_TIMEOUT_SECONDS * 1000}")
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"SET LOCAL lock_timeout = '{CHECK_TIMEOUT_SECONDS}s'")
                    cursor.execute(f"SET LOCAL statement_timeout = '{CHECK_TIMEOUT_SECONDS}s'")
                # A write that changes nothing, then rolled back: proves writes are accepted now.
                cursor.execute(
                    "UPDATE django_migrations SET app = app WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
                transaction.set_rollback(True)
        finally:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"PRAGMA busy_timeout = {int(settings.SQLITE_BUSY_TIMEOUT * 1000)}"
                    )
    except DatabaseError as exc:
        return f"database does not take writes: {exc}".strip()
    return None


def redis() -> str | None:
    if not settings.REDIS_URL:
        return None
    client = redis_lib.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis_lib.RedisError as exc:
        return f"redis does not answer: {exc}"
    finally:
        client.close()
    return None


def worker() -> str | None:
    """With the Redis queue, an `alongside worker` must have reported within
    WORKER_HEARTBEAT_MAX_AGE seconds (rq workers heartbeat every WORKER_TTL - 15 s while idle).
    In the embedded mode tasks run inside this process, which is answering right now."""
    if settings.TASK_QUEUE != "redis":
        return None
    try:
        queue = django_rq.get_queue("default")
        beats = [w.last_heartbeat for w in Worker.all(queue=queue) if w.last_heartbeat is not None]
    except redis_lib.RedisError as exc:
        return f"the task queue does not answer: {exc}"
    if not beats:
        return "no worker is running (start `alongside worker`)"
    newest = max(b if b.tzinfo else b.replace(tzinfo=UTC) for b in beats)
    age = (datetime.now(UTC) - newest).total_seconds()
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return f"the newest worker heartbeat is {int(age)} s old"
    return None


CHECKS = {"database": database, "redis": redis, "worker": worker}


def run() -> dict[str, str | None]:
    """Every check, by name: None when healthy, else what failed."""
    return {name: check() for name, check in CHECKS.items()}
