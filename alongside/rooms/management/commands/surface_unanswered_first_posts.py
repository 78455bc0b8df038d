"""Surface participants' first posts that got no reply in time to the group's facilitators.
Run it every few minutes (cron, or the task runner)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from alongside.rooms.actions import surface_unanswered_first_posts


class Command(BaseCommand):
    help = "Show facilitators first posts that have waited too long for a reply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help="how long a first post may wait (default ALONGSIDE_FIRST_POST_REPLY_HOURS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = (
            options["hours"] if options["hours"] is not None else settings.FIRST_POST_REPLY_HOURS
        )
        surfaced = surface_unanswered_first_posts(hours)
        self.stdout.write(f"{len(surfaced)} first post(s) surfaced to facilitators")
