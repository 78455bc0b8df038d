"""In embedded mode (`alongside demo` / `alongside serve` with one worker) crisis alerts are
escalated by a small in-process loop; at scale run `alongside manage escalate_crisis_alerts --loop`
in one worker process instead and set ALONGSIDE_SAFETY_LOOP=0 for the web processes.
Escalation is a conditional update, so two loops never escalate the same alert twice."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

log = logging.getLogger(__name__)
_started = False


def serving() -> bool:
    """This process is a web server (`alongside demo` / `alongside serve`), not a command or a test."""
    argv = sys.argv
    return ("pytest" not in sys.modules and len(argv) > 1
            and os.path.basename(argv[0]).startswith("alongside") and argv[1] in ("demo", "serve"))


def should_run() -> bool:
    return os.environ.get("ALONGSIDE_SAFETY_LOOP", "1") == "1" and serving()


def _loop(every: float) -> None:
    from django.db import close_old_connections

    from alongside.safety.actions import escalate_crisis_alerts

    while True:
        time.sleep(every)
        try:
            close_old_connections()
            escalate_crisis_alerts()
        except Exception:  # keep the loop alive: a failed pass is retried on the next tick
            log.exception("escalating crisis alerts failed")


def start(every: float = 30.0) -> None:
    global _started
    if _started:
        return
    _started = True
    threading.Thread(target=_loop, args=(every,), name="alongside-escalation", daemon=True).start()
