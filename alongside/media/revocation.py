"""Cut media the moment access changes. `access.changed` events (a removal, a sanction, a consent
or role change) arrive in the publishing thread, which must not block: they are handed to one
worker thread here, which re-checks the people concerned against current data and kicks anyone
who may no longer be in a call (alongside.media.actions.recheck_access)."""

from __future__ import annotations

import logging
import queue
import threading
import time

from django.db import close_old_connections

from alongside.core import events
from alongside.media.actions import recheck_access

log = logging.getLogger(__name__)

_queue: queue.SimpleQueue[tuple[int | None, tuple[int, ...]]] = queue.SimpleQueue()
_started = threading.Lock()
_thread: threading.Thread | None = None


def on_event(event: events.Event) -> None:
    if event.kind != events.ACCESS_CHANGED:
        return
    _ensure_worker()
    _queue.put((event.group_id, event.user_ids))


def _ensure_worker() -> None:
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_work, name="media-revocation", daemon=True)
            _thread.start()


def _work() -> None:

    while True:
        group_id, user_ids = _queue.get()
        try:
            close_old_connections()
            recheck_access(group_id=group_id, user_ids=user_ids)
        except Exception:
            log.exception("media: re-checking access after a change failed")
        finally:
            close_old_connections()


def drain(timeout: float = 5.0) -> None:
    """Wait until the queue is empty (tests and the CLI)."""
    done = threading.Event()
    _queue.put((None, (-1,)))  # a no-op recheck (no such user) marks the point
    deadline = time.monotonic() + timeout
    while not _queue.empty() and time.monotonic() < deadline:
        time.sleep(0.02)
    done.set()
