"""Background work of the outcomes app, through Django's tasks interface (django-tasks).

Check-ins come due with time (the next 4-weekly check-in, identification after week 2 and 6), so
the periodic scheduler (`alongside.meetings.scheduler`: a thread in each `alongside worker`, or in
the web server in embedded mode) calls `enqueue_schedule_refresh` on every tick, and at most once
every `REFRESH_EVERY` it enqueues `refresh_schedules` for everyone. The refresh is idempotent, so
several workers (or a cron job, `alongside manage refresh_outcome_schedules`) running it is
harmless. Pages that list what is due only read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django_tasks import task

REFRESH_EVERY = timedelta(minutes=15)
_CLAIM_KEY = "alongside:outcomes:schedule-refresh"


@task()
def refresh_schedules(as_of: str = "") -> int:
    """Open whatever check-ins have come due for every member. Returns how many were refreshed."""
    from alongside.outcomes.actions import refresh_all_schedules

    return refresh_all_schedules(datetime.fromisoformat(as_of) if as_of else None)


def enqueue_schedule_refresh(now: datetime | None = None) -> bool:
    """The scheduler's tick: enqueue the refresh unless one was enqueued in the last REFRESH_EVERY
    (claimed in the cache: with Redis, one claim for all workers). Returns True if enqueued."""
    if not cache.add(_CLAIM_KEY, "1", timeout=int(REFRESH_EVERY.total_seconds())):
        return False
    refresh_schedules.enqueue(as_of=now.isoformat() if now else "")
    return True
