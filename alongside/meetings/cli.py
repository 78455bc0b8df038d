"""`alongside worker`: run background tasks (reminders, notices, check-in schedules) from the Redis queue."""

from __future__ import annotations

import argparse
import sys

from alongside.cli import COMMANDS, _setup


def _worker_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("queues", nargs="*", default=["default"], help="queues to work on (default: default)")
    p.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    p.add_argument("--no-scheduler", action="store_true",
                   help="don't run the periodic scheduler (due reminders, check-in schedules) in this worker (another process or cron does)")
    p.add_argument("--interval", type=float, default=60.0, help="seconds between scheduler ticks")


def cmd_worker(args: argparse.Namespace) -> int:
    # rq forks a process for each job, and a child must not share its parent's pooled
    # connections (the same sockets): the worker opens a connection per job instead.
    _setup(ALONGSIDE_DB_POOL_MAX="0")
    from django.conf import settings
    from django.core.management import call_command

    if settings.TASK_QUEUE != "redis":
        print("The worker needs the Redis queue: set REDIS_URL (or ALONGSIDE_TASK_QUEUE=redis). "
              "Without it, tasks run inside the web server.", file=sys.stderr)
        return 2
    if not args.no_scheduler:
        from alongside.meetings import scheduler

        if args.burst:
            scheduler.tick()  # once, before draining the queue
        else:
            scheduler.start(args.interval)
    # worker_ttl: how often an idle worker heartbeats (ttl - 15 s); /healthz reads the heartbeat.
    call_command("rqworker", *args.queues, job_class="django_tasks_rq.Job", burst=args.burst,
                 with_scheduler=not args.burst, worker_ttl=settings.WORKER_TTL)
    return 0


COMMANDS["worker"] = ("run background tasks from the Redis queue (reminders, notices)", _worker_args, cmd_worker)
