"""E-mail each member once about check-ins that are due. Safe to run as often as you like
(e.g. hourly from cron or a systemd timer): each check-in is reminded at most once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.outcomes.actions import send_outcome_reminders


class Command(BaseCommand):
    help = "E-mail members whose outcome check-ins are due (each reminder is sent once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="Site address for links, e.g. https://support.example.org",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_outcome_reminders(base_url=options["base_url"])
        self.stdout.write(f"Sent {sent} reminder e-mail(s).")
