"""The `alongside worker` command, and the cron users' command for meeting reminders."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.core.management import call_command

from alongside import cli
from alongside.meetings import actions
from tests.conftest import join
from tests.meetings.conftest import meeting_at, soon


def test_the_worker_command_is_registered() -> None:
    cli._register_app_commands()
    assert "worker" in cli.COMMANDS


def test_the_worker_refuses_to_start_without_the_redis_queue(settings: Any, capsys: Any) -> None:
    settings.TASK_QUEUE = "in-process"
    assert cli.main(["worker", "--burst"]) == 2
    assert "REDIS_URL" in capsys.readouterr().err


def test_send_due_reminders_sends_the_due_ones(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(30))
    actions.rsvp(meeting, alice)
    mail.outbox.clear()
    call_command("send_due_reminders")
    call_command("send_due_reminders")
    assert [m.to for m in mail.outbox] == [[alice.email]]
