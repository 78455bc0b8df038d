"""The periodic scheduler: a tick every minute that extends recurring series, enqueues due meeting
reminders and (every few minutes) the refresh of members' check-in schedules (`alongside.outcomes.tasks`).

Production: every `alongside worker` runs it in a thread (several workers ticking is harmless:
reminders are idempotent). Embedded mode: `alongside demo`/`serve` start it in-process, and the
tasks run in-process too. Cron users can run `alongside manage send_due_reminders` (every minute) and
`alongside manage refresh_outcome_schedules` (every few minutes) instead.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 60.0


def tick() -> int:
    """One pass of the periodic work. Returns how many meeting reminder batches were enqueued."""
    from alongside.meetings.tasks import enqueue_due_reminders
    from alongside.outcomes.tasks import enqueue_schedule_refresh

    close_old_connections()
    try:
        return enqueue_due_reminders()
    finally:
        try:
            enqueue_schedule_refresh()
        except Exception:  # logged and retried on a later tick; reminders are not held up
            log.exception("enqueuing the check-in schedule refresh failed")
        close_old_connections()


def run_forever(stop: threading.Event, interval: float = DEFAULT_INTERVAL) -> None:
    while not stop.is_set():
        try:
            tick()
        except Exception:  # keep ticking: a database blip must not stop reminders for good
            log.exception("scheduler tick failed")
        stop.wait(interval)


def start(interval: float = DEFAULT_INTERVAL) -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(stop, interval), name="alongside-scheduler", daemon=True).start()
    return stop


def start_if_in_process() -> threading.Event | None:
    """Called by the web server: only in the embedded mode, where no separate worker runs."""
    if getattr(settings, "TASK_QUEUE", "in-process") == "redis":
        return None
    return start()
