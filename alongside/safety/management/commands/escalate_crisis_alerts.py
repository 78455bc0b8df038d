"""Escalate crisis alerts nobody acknowledged in time. `alongside worker` (or the embedded server)
does this every 30 seconds; without either, run this every minute from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alongside.safety.actions import escalate_crisis_alerts


class Command(BaseCommand):
    help = (
        "Escalate unacknowledged crisis alerts to the next tier (safe to run as often as you like)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        escalated = escalate_crisis_alerts()
        self.stdout.write(f"Escalated {len(escalated)} alert(s).")
