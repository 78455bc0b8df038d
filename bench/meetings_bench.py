"""Meetings figures: expanding recurring series, the scheduler tick and a member's iCal feed.

    ALONGSIDE_DATA_DIR=/tmp/bench .venv/bin/python bench/meetings_bench.py [--groups 200]

Runs on a throwaway SQLite database (or DATABASE_URL) and prints timings; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("ALONGSIDE_DATA_DIR", tempfile.mkdtemp(prefix="alongside-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    os.environ["ALONGSIDE_TASK_QUEUE"] = "in-process"
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    mail.outbox = []
    call_command("migrate", interactive=False, verbosity=0)
    from alongside.accounts.models import User
    from alongside.groups import actions as group_actions
    from alongside.meetings import actions, ical, tasks

    fac = User.objects.create_user(f"fac{time.time_ns()}@example.org", "x" * 12)
    member = User.objects.create_user(
        f"m{time.time_ns()}@example.org", "x" * 12, timezone="America/New_York"
    )
    groups = [
        group_actions.create_group(
            creator=fac,
            name=f"Bench group {time.time_ns()}",
            purpose="p",
            focus="depression",
            audience="adults",
            format="online",
            leadership="peer",
        )
        for _ in range(args.groups)
    ]
    t0 = time.perf_counter()
    today = timezone.now().date()
    for i, g in enumerate(groups):
        actions.create_series(
            g,
            creator=fac,
            title="Weekly",
            start_date=today + timedelta(days=i % 7),
            start_time=clock(19),
            timezone_name="Europe/London",
            repeat="weekly",
        )
    t1 = time.perf_counter()
    for g in groups[:10]:
        v = g.current_guidelines()
        group_actions.join_group(
            member,
            g,
            guidelines_version_id=v.pk,
            guidelines=True,
            confidentiality=True,
            crisis_policy=True,
        )
    from alongside.meetings.models import Meeting

    for m in Meeting.objects.filter(group__in=groups[:10], starts_at__gt=timezone.now())[:10]:
        actions.rsvp(m, member)
    t2 = time.perf_counter()
    tasks.enqueue_due_reminders()
    t3 = time.perf_counter()
    tasks.enqueue_due_reminders()
    t4 = time.perf_counter()
    body = ical.feed_ics(member)
    t5 = time.perf_counter()
    n = Meeting.objects.filter(group__in=groups).count()
    print(
        f"create + expand {args.groups} weekly series ({n} occurrences, 120 days): {t1 - t0:.2f} s "
        f"({(t1 - t0) / args.groups * 1000:.1f} ms per series)"
    )
    print(f"scheduler tick, first (sends {len(mail.outbox)} e-mails): {(t3 - t2) * 1000:.0f} ms")
    print(f"scheduler tick, again (nothing due): {(t4 - t3) * 1000:.0f} ms")
    print(
        f"iCal feed for a member of 10 groups ({body.count(b'BEGIN:VEVENT')} events, {len(body)} bytes): "
        f"{(t5 - t4) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
