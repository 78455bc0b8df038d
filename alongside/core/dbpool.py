"""The PostgreSQL connection pool gets back to work quickly after the database restarts.

psycopg_pool waits before it tries again when a pooled connection fails its health check or a new
one cannot be made: 1 s, then 2 s, 4 s, 8 s, … (`psycopg_pool.base.AttemptWithBackoff`). After a
PostgreSQL restart every idle pooled connection is dead, so a request that drew three of them in a
row waited 1 + 2 + 4 s, and the pool's next try at a new connection could come 8 s after the
database was back: bench/chaos.py measured 11 s from "PostgreSQL answers" to "rooms store again"
on the test bed. Starting at 0.1 s and growing by half each time, the dead connections are gone
within a second, and a database that stays down is still tried less and less often (the pool's own
limits — ALONGSIDE_DB_POOL_TIMEOUT for a request, reconnect_timeout for the pool — are unchanged).

Django builds the pool itself (`OPTIONS["pool"]`) and psycopg_pool has no setting for these
delays, so they are set on the class once, when the app starts (CoreConfig.ready).
"""

from __future__ import annotations

RETRY_FIRST_SECONDS = 0.1
RETRY_BACKOFF = 1.5


def recover_quickly() -> None:
    try:
        from psycopg_pool.base import AttemptWithBackoff
    except ImportError:  # no PostgreSQL driver pool installed: nothing to tune
        return
    AttemptWithBackoff.INITIAL_DELAY = RETRY_FIRST_SECONDS
    AttemptWithBackoff.DELAY_BACKOFF = RETRY_BACKOFF
