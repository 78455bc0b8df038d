"""Run the periodic jobs once, for deployments with neither the embedded server nor
`alongside worker` scheduling them: run this from cron every minute (each job is safe to run
more often than its interval)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.core import periodic


class Command(BaseCommand):
    help = "Run every periodic job once (or only the ones named); --list shows them with their intervals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="jobs to run (default: all)")
        parser.add_argument("--list", action="store_true", help="list the jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in periodic.jobs():
                self.stdout.write(f"{job.name}  every {job.every}")
            return
        names = options["names"] or [job.name for job in periodic.jobs()]
        for name in names:
            try:
                periodic.get(name)
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        failed = []
        for name in names:
            try:
                result = periodic.run(name)
            except Exception as exc:  # the other jobs still run; the exit status says so
                failed.append(name)
                self.stderr.write(f"{name}: failed: {exc!r}")
            else:
                self.stdout.write(
                    f"{name}: done ({result!r})" if result is not None else f"{name}: done"
                )
        if failed:
            raise CommandError(f"{len(failed)} job(s) failed: {', '.join(failed)}")
