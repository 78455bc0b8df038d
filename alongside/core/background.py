"""What the background queue is doing, for the admin's "Background work" page (our own page in
place of django-rq's dashboard, whose scripts the Content Security Policy blocks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import django_rq
from django.conf import settings
from rq import Worker
from rq.registry import (
    FailedJobRegistry,
    FinishedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)


@dataclass(frozen=True)
class QueueState:
    name: str
    waiting: int
    running: int
    scheduled: int
    failed: int
    finished: int
    workers: int
    newest_heartbeat: datetime | None


def queue_states() -> tuple[list[QueueState], str]:
    """Each configured queue's counts, and a problem ("" when none). In the embedded mode tasks
    run in-process and there is no queue to show."""
    if settings.TASK_QUEUE != "redis":
        return [], ""
    try:
        states = []
        for name in settings.RQ_QUEUES:
            queue = django_rq.get_queue(name)
            workers = Worker.all(queue=queue)
            beats = [w.last_heartbeat for w in workers if w.last_heartbeat is not None]
            states.append(
                QueueState(
                    name=name,
                    waiting=queue.count,
                    running=len(StartedJobRegistry(queue=queue)),
                    scheduled=len(ScheduledJobRegistry(queue=queue)),
                    failed=len(FailedJobRegistry(queue=queue)),
                    finished=len(FinishedJobRegistry(queue=queue)),
                    workers=len(workers),
                    newest_heartbeat=max(beats) if beats else None,
                )
            )
        return states, ""
    except Exception as exc:  # the page reports the trouble instead of failing
        return [], f"{type(exc).__name__}: {exc}"
