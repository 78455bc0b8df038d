"""The cron configuration `alongside worker` gives RQ's cron scheduler (django-rq's `rqcron`):
every registered periodic job, at its interval, as a `run_periodic_job` task on the task queue.

The job RQ's scheduler enqueues is the one `run_periodic_job.enqueue(name=…)` makes: the same
function path (django-tasks resolves it to the task) and the same task backend in its meta, so
the worker runs it like any other task."""

from __future__ import annotations

import math

from rq import cron

from alongside.core import periodic
from alongside.core.tasks import run_periodic_job

BACKEND = "default"

for job in periodic.jobs():
    cron.register(
        run_periodic_job.func,
        queue_name=run_periodic_job.queue_name,
        kwargs={"name": job.name},
        interval=max(1, math.ceil(job.seconds)),
        meta={"backend_name": BACKEND},
        name=f"alongside:{job.name}",
        # A run that cannot finish before the next one is due is stopped.
        job_timeout=max(300, math.ceil(job.every.total_seconds())),
    )
