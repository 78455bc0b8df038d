"""Background work through Django's tasks interface (django-tasks).

Embedded mode runs tasks in-process (ImmediateBackend); production sets ALONGSIDE_TASK_QUEUE=redis
(the default when REDIS_URL is set) and runs them on RQ workers (`alongside worker`).

Reminders are sent exactly once per (meeting, person, kind): the SentReminder row is the
idempotency key, inserted in the same transaction as the in-app notice and the e-mail. A double
enqueue or a restarted worker finds the row (or waits on the unique index for a concurrent
insert to commit) and sends nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from alongside.accounts.language import in_language_of
from alongside.core.links import absolute_url
from alongside.core.mail import branded_subject, send_mail
from alongside.meetings import actions
from alongside.meetings.models import Meeting, Notice, SentReminder
from alongside.meetings.queries import (
    REMINDER_OFFSETS,
    due_reminders,
    format_when,
    pending_reminder_recipients,
)
from alongside.notifications import actions as notifications
from alongside.notifications.queries import wants_email

log = logging.getLogger(__name__)


@task()
def email_notices(notice_ids: list[int]) -> int:
    sent = 0
    for notice in Notice.objects.filter(pk__in=notice_ids).select_related("user", "meeting"):
        with in_language_of(notice.user):
            body = notice.text
            if notice.meeting_id:
                body += "\n\n" + absolute_url(notice.meeting.get_absolute_url())  # type: ignore[union-attr]
            send_mail(
                branded_subject(notice.subject or notice.text[:80]), body, None, [notice.user.email]
            )
        sent += 1
    return sent


def send_reminder(meeting: Meeting, user: Any, kind: str) -> bool:
    """Send one reminder unless it was already sent. Returns True if this call sent it."""
    try:
        with transaction.atomic():
            # The unique (meeting, user, kind) row is created first: a concurrent worker blocks on
            # it and then fails, so at most one of them goes on to send.
            SentReminder.objects.create(meeting=meeting, user=user, kind=kind)
            with in_language_of(user):
                when = format_when(meeting, user)
                if kind == SentReminder.Kind.DAY:
                    text = _("Reminder: “%(title)s” is tomorrow, %(when)s.") % {
                        "title": meeting.series.title,
                        "when": when,
                    }
                else:
                    text = _("Reminder: “%(title)s” starts in an hour, at %(when)s.") % {
                        "title": meeting.series.title,
                        "when": when,
                    }
                Notice.objects.create(user=user, meeting=meeting, text=text, subject=text[:200])
                notifications.notify(
                    [user],
                    "meeting",
                    text,
                    url=meeting.get_absolute_url(),
                    group=meeting.group_id,
                    target="meeting",
                    target_id=meeting.pk,
                    email=False,
                )
                if not wants_email(user, "meeting"):
                    return True  # they chose not to get meeting e-mails: the app has it
                body = render_to_string(
                    "meetings/email/reminder.txt",
                    {
                        "text": text,
                        "meeting": meeting,
                        "url": absolute_url(meeting.get_absolute_url()),
                        "show_place": meeting.has_place,
                    },
                )
                # Sent inside the transaction: if the mail server refuses, the row is rolled back
                # and a later run tries again.
                send_mail(branded_subject(text), body, None, [user.email])
    except IntegrityError:
        return False
    return True


@task()
def send_meeting_reminders(meeting_id: int, kind: str, as_of: str = "") -> int:
    meeting = Meeting.objects.select_related("series", "group").filter(pk=meeting_id).first()
    if meeting is None or meeting.is_cancelled:
        return 0
    # `as_of`: when the scheduler found it due (never earlier than the clock).
    now = max(timezone.now(), datetime.fromisoformat(as_of)) if as_of else timezone.now()
    # Stale jobs (a worker that was down for a day) don't send a "tomorrow" after the meeting.
    if not now < meeting.starts_at <= now + REMINDER_OFFSETS[SentReminder.Kind(kind)]:
        return 0
    sent = 0
    for user in pending_reminder_recipients(meeting, kind):
        try:
            sent += send_reminder(meeting, user, kind)
        except Exception:  # one bad address or a mail outage: the next scheduler tick tries again
            log.exception("meeting reminder to user %s failed", user.pk)
    return sent


def enqueue_due_reminders(now: datetime | None = None) -> int:
    """The scheduler's tick: extend recurring series and enqueue every due reminder. Enqueuing the
    same reminder twice is harmless (see send_reminder)."""
    actions.expand_all_series(now)
    actions.release_places_of_former_members(now=now)
    due = due_reminders(now)
    as_of = now.isoformat() if now else ""
    for meeting_id, kind in due:
        send_meeting_reminders.enqueue(meeting_id=meeting_id, kind=kind, as_of=as_of)
    return len(due)
