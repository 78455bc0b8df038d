"""Periodic jobs: one registry, two ways to run it.

Apps register their jobs from `AppConfig.ready()`::

    periodic.register("safety.escalate_alerts", every=timedelta(seconds=30), function=escalate)

- Embedded mode (`alongside demo`, or no REDIS_URL: tasks run in-process): the web server starts
  one scheduler thread (`start_in_process`) that runs each job when it is due.
- Production (`ALONGSIDE_TASK_QUEUE=redis`): `alongside worker` runs RQ's cron scheduler
  (`rq.cron`, through django-rq's `rqcron`; the jobs are listed in `alongside.core.cron`). It
  enqueues `alongside.core.tasks.run_periodic_job` on the task queue, where any worker runs it.

Every job must be safe to run twice or concurrently (several workers each run a scheduler); a
claim in the cache also keeps two schedulers from running the same job within half its interval.
ALONGSIDE_PERIODIC_EVERY (seconds) runs every job that often instead, to try things out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    function: Callable[[], Any]

    @property
    def seconds(self) -> float:
        """How often it runs: its own interval, or ALONGSIDE_PERIODIC_EVERY when that is set."""
        override = getattr(settings, "PERIODIC_EVERY", None)
        return float(override) if override else self.every.total_seconds()


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, *, every: timedelta, function: Callable[[], Any]) -> None:
    """Add a job (from an AppConfig.ready()). Registering a name again replaces it."""
    if every <= timedelta(0):
        raise ValueError(f"periodic job {name!r}: the interval must be positive, not {every}")
    _jobs[name] = PeriodicJob(name, every, function)


def jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def get(name: str) -> PeriodicJob:
    try:
        return _jobs[name]
    except KeyError:
        raise LookupError(
            f"no periodic job named {name!r}; known: {', '.join(sorted(_jobs))}"
        ) from None


def run(name: str) -> Any:
    """Run one job now."""
    return get(name).function()


def _run_on_fresh_connections(name: str) -> Any:
    """For long-lived threads and workers: drop connections that broke or grew too old."""
    close_old_connections()
    try:
        return run(name)
    finally:
        close_old_connections()


def run_claimed(name: str) -> Any:
    """Run a job unless another scheduler ran it within half its interval (production: each
    worker's scheduler enqueues every job; one run per interval is enough)."""
    job = get(name)
    claim = max(1, int(job.seconds / 2))
    if not cache.add(f"alongside:periodic:{name}", "1", timeout=claim):
        return None
    return _run_on_fresh_connections(name)


# --- Embedded mode: one scheduler thread in the web server --------------------------------

FIRST_RUN_AFTER = 300.0  # seconds


class InProcessScheduler:
    """Runs every registered job when it is due, one after another, on one daemon thread."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="alongside-periodic", daemon=True)

    def start(self) -> InProcessScheduler:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        try:
            self._run_until_stopped()
        finally:
            connections.close_all()  # this thread's connections

    def _run_until_stopped(self) -> None:
        # Each job first runs one interval after start (five minutes at most): a server that has
        # just started serves its first visitors before it catches up on background work.
        start = time.monotonic()
        due = {job.name: start + min(job.seconds, FIRST_RUN_AFTER) for job in jobs()}
        while not self._stop.is_set():
            for job in jobs():
                if self._stop.is_set():
                    return
                if time.monotonic() < due.setdefault(job.name, time.monotonic()):
                    continue
                try:
                    _run_on_fresh_connections(job.name)
                except Exception:  # logged; the job runs again at its next time
                    log.exception("periodic job %s failed", job.name)
                due[job.name] = time.monotonic() + job.seconds
            wait = min(due.values(), default=time.monotonic() + 60) - time.monotonic()
            self._stop.wait(max(0.05, min(wait, 60)))


def start_in_process() -> InProcessScheduler | None:
    """Called by the web server: in the embedded mode only (with a task queue, `alongside worker`
    runs the jobs)."""
    if getattr(settings, "TASK_QUEUE", "in-process") == "redis":
        return None
    return InProcessScheduler().start()
