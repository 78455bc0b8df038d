"""Open the check-ins that have come due for every member. `alongside worker` (and the embedded
server) do this every few minutes; run this from cron instead if you run no worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alongside.outcomes.actions import refresh_all_schedules


class Command(BaseCommand):
    help = "Open the outcome check-ins that have come due for every member (safe to run often)."

    def handle(self, *args: Any, **options: Any) -> None:
        n = refresh_all_schedules()
        self.stdout.write(f"Refreshed the check-in schedules of {n} member(s).")
