"""Escalate crisis alerts nobody acknowledged in time. Run every minute (cron, a worker), or
with --loop as a small long-running process."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.safety.actions import escalate_crisis_alerts


class Command(BaseCommand):
    help = "Escalate unacknowledged crisis alerts to the next tier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, checking every --every seconds")
        parser.add_argument("--every", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            escalated = escalate_crisis_alerts()
            if escalated or not options["loop"]:
                self.stdout.write(f"Escalated {len(escalated)} alert(s).")
            if not options["loop"]:
                return
            time.sleep(max(5, options["every"]))
