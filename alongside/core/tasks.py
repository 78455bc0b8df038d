"""The task that runs a periodic job on the task queue (see alongside.core.periodic)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from alongside.core import periodic


@task()
def run_periodic_job(name: str) -> Any:
    return periodic.run_claimed(name)
