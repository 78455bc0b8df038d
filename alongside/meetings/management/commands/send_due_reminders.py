from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alongside.meetings.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = "Enqueue the meeting reminders that are due now (run it every minute from cron, or use `alongside worker`)."

    def handle(self, *args: Any, **options: Any) -> None:
        n = enqueue_due_reminders()
        self.stdout.write(f"{n} meeting reminder batch(es) enqueued")
