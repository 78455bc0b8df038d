"""Production mode: posting only enqueues the second look; a real `alongside worker` on Redis
reads the message and raises the alert (PostgreSQL + Redis run)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from alongside.rooms import actions as room_actions
from alongside.safety.models import CrisisAlert, Notice
from tests.conftest import join
from tests.meetings.test_worker import ALONGSIDE, REDIS_URL, worker_env
from tests.safety.test_second_look import IMPLICIT_CRISIS

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)"),
]


def test_a_worker_takes_the_second_look_after_posting(
    transactional_db: Any, settings: Any, group: Any, alice: Any, mo: Any, tmp_path: Path
) -> None:
    import django_rq

    settings.SECOND_LOOK = "background"
    settings.TASK_QUEUE = "redis"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default")
    queue.empty()
    join(alice, group, share=True)

    room_actions.send_message(alice, group, "c1", IMPLICIT_CRISIS)
    assert queue.count == 1  # posting returned without reading it again
    assert not CrisisAlert.objects.exists()

    done = subprocess.run(
        [str(ALONGSIDE), "worker", "--burst"],
        env=worker_env(tmp_path),
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
    assert queue.count == 0
    alert = CrisisAlert.objects.get(member=alice, group=group)
    assert "crisis second look" in alert.reasons
    assert Notice.objects.filter(user=alice).count() == 1
