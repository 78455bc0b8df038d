"""Real `alongside worker` processes on Redis send each reminder exactly once, even when
reminders are enqueued again and again, two workers race, and workers are killed and restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from alongside.meetings import actions, tasks
from alongside.meetings.models import Notice, SentReminder
from tests.conftest import join, make_user
from tests.meetings.conftest import meeting_at, soon

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)"),
]
ALONGSIDE = Path(sys.executable).with_name("alongside")
REMINDER = "starts in an hour"  # the periodic jobs send other mail too (check-in reminders)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker_env(mail_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "ALONGSIDE_TASK_QUEUE": "redis",
        "ALONGSIDE_EMAIL_DIR": str(mail_dir),
        "LOG_LEVEL": "WARNING",
    }


def sent_mail_with_subjects(mail_dir: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the worker wrote (the file backend appends messages
    to files)."""
    sent = []
    for f in sorted(mail_dir.glob("*.log")):
        for chunk in f.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = message_from_bytes(chunk.strip())
                subject = str(make_header(decode_header(str(message["Subject"]))))
                sent.append((str(message["To"]), subject))
    return sent


def sent_mail(mail_dir: Path, about: str = "") -> list[str]:
    """Recipients of every message the worker wrote (whose subject has `about` in it)."""
    return [to for to, subject in sent_mail_with_subjects(mail_dir) if about in subject]


@pytest.fixture
def rq_tasks(settings: Any) -> Any:
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


def test_reminders_are_sent_exactly_once_across_double_enqueues_racing_workers_and_a_restart(
    transactional_db: Any, rq_tasks: Any, group: Any, fay: Any, tmp_path: Path
) -> None:
    people = [make_user(h) for h in ("ana", "ben", "cy")]
    meeting = meeting_at(group, fay, soon(50))
    for p in people:
        join(p, group, share=True)
        actions.rsvp(meeting, p)
    for _ in range(3):  # the scheduler ran three times before any worker was up
        tasks.enqueue_due_reminders()
    assert rq_tasks.count == 3

    env = worker_env(tmp_path)
    # Two long-running workers race for the duplicate jobs, and run the periodic jobs every
    # second; then both are killed hard.
    workers = [
        subprocess.Popen(
            [str(ALONGSIDE), "worker", "--interval", "1"],
            env=env,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 60
    while (
        len(sent_mail(tmp_path, REMINDER)) < 3
        and time.monotonic() < deadline
        and all(w.poll() is None for w in workers)
    ):
        time.sleep(0.2)
    time.sleep(1.5)  # a few more scheduler ticks
    for w in workers:
        os.killpg(w.pid, signal.SIGKILL)
        w.wait(timeout=10)
    output = b"".join(w.stdout.read() for w in workers if w.stdout).decode()
    assert len(sent_mail(tmp_path, REMINDER)) == 3, output

    # More duplicates while it is down, then a fresh worker drains everything.
    tasks.enqueue_due_reminders()
    tasks.send_meeting_reminders.enqueue(meeting_id=meeting.pk, kind="1h")
    restarted = subprocess.run(
        [str(ALONGSIDE), "worker", "--burst"], env=env, capture_output=True, timeout=120
    )
    assert restarted.returncode == 0, restarted.stdout.decode() + restarted.stderr.decode()
    assert rq_tasks.count == 0

    assert sorted(sent_mail(tmp_path, REMINDER)) == sorted(p.email for p in people)
    assert SentReminder.objects.filter(meeting=meeting, kind="1h").count() == 3
    assert Notice.objects.filter(meeting=meeting, text__contains="starts in an hour").count() == 3
