"""Every periodic job runs in both modes: the embedded scheduler thread (`alongside demo`, no
Redis) and a real `alongside worker` on Redis (RQ's cron scheduler enqueuing onto the task queue).
Each test sets a situation up, lets the scheduler run with a short interval, and waits for what a
person would notice: an e-mail sent, an alert escalated, a held place offered to the next person…"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from alongside.core import periodic
from tests.core.periodic_scenarios import SCENARIOS, Check, Scenario
from tests.meetings.test_worker import ALONGSIDE, REDIS_URL, sent_mail_with_subjects, worker_env


def test_every_registered_job_has_a_scenario() -> None:
    assert sorted(s.job for s in SCENARIOS) == sorted(j.name for j in periodic.jobs())


def wait_for(checks: dict[str, Check], mailbox: Any, seconds: float) -> list[str]:
    """Names of the checks still failing after waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    pending = dict(checks)
    while pending and time.monotonic() < deadline:
        pending = {name: check for name, check in pending.items() if not check(mailbox)}
        if pending:
            time.sleep(0.2)
    return sorted(pending)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.job)
def test_the_embedded_scheduler_runs_it(
    scenario: Scenario, transactional_db: Any, fay: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.TASK_QUEUE = "in-process"
    settings.PERIODIC_EVERY = 0.3
    check = scenario.arrange(fay)
    mailbox = lambda: [(m.to[0], m.subject) for m in mail.outbox]  # noqa: E731
    assert not check(mailbox), "the effect is there before any job ran"

    scheduler = periodic.start_in_process()
    assert scheduler is not None
    try:
        assert wait_for({scenario.job: check}, mailbox, 30) == []
    finally:
        scheduler.stop()


def test_the_embedded_scheduler_does_not_start_when_a_worker_runs_the_jobs(settings: Any) -> None:
    settings.TASK_QUEUE = "redis"
    assert periodic.start_in_process() is None


@pytest.mark.services
@pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")
def test_a_real_worker_runs_every_job_on_the_queue(
    transactional_db: Any, fay: Any, tmp_path: Path, settings: Any
) -> None:
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    checks = {s.job: s.arrange(fay) for s in SCENARIOS}
    mailbox = lambda: sent_mail_with_subjects(tmp_path)  # noqa: E731
    assert [name for name, check in checks.items() if check(mailbox)] == []
    queue = django_rq.get_queue("default")
    queue.empty()

    worker = subprocess.Popen(
        [str(ALONGSIDE), "worker", "--interval", "5"],
        env=worker_env(tmp_path),
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        failing = wait_for(checks, mailbox, 120)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            output = worker.communicate(timeout=30)[0].decode()
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            output = worker.communicate()[0].decode()
        queue.empty()
    assert failing == [], output


def test_cron_users_run_them_with_one_command(
    fay: Any, capsys: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    checks = {s.job: s.arrange(fay) for s in SCENARIOS}
    mailbox = lambda: [(m.to[0], m.subject) for m in mail.outbox]  # noqa: E731
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic_jobs")
    assert [name for name, check in checks.items() if not check(mailbox)] == []
    assert "safety.escalate_alerts: done" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no periodic job named 'nope'"):
        call_command("run_periodic_jobs", "nope")
