"""Reminders by e-mail and in the app, 24 hours and 1 hour before, sent exactly once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from alongside.meetings import actions, tasks
from alongside.meetings.models import Notice, SentReminder
from tests.conftest import join, make_user
from tests.meetings.conftest import meeting_at, soon


@pytest.fixture
def coming(group: Any) -> list[Any]:
    people = [make_user("ana", timezone="Europe/Madrid"), make_user("ben")]
    for p in people:
        join(p, group, share=True)
    return people


def test_a_day_before_people_who_are_coming_get_one_reminder_each(
    group: Any, fay: Any, coming: list[Any], bob: Any
) -> None:
    meeting = meeting_at(group, fay, soon(60 * 20), tz="Europe/London")
    for p in coming:
        actions.rsvp(meeting, p)
    mail.outbox.clear()
    assert tasks.enqueue_due_reminders() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in coming)
    assert "tomorrow" in mail.outbox[0].subject
    assert Notice.objects.filter(user=coming[0], text__contains="Europe/Madrid").exists()
    assert "Mill Lane" not in mail.outbox[0].body  # the place stays on the members-only page


def test_enqueuing_again_and_again_sends_nothing_more(
    group: Any, fay: Any, coming: list[Any]
) -> None:
    meeting = meeting_at(group, fay, soon(50))
    for p in coming:
        actions.rsvp(meeting, p)
    mail.outbox.clear()
    for _ in range(3):
        tasks.enqueue_due_reminders()
        tasks.send_meeting_reminders.enqueue(meeting_id=meeting.pk, kind="1h")
    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(kind="1h").count() == 2
    assert not SentReminder.objects.filter(
        kind="24h"
    ).exists()  # signing up late: only the hour one


def test_both_reminders_go_out_as_the_meeting_approaches(
    group: Any, fay: Any, coming: list[Any]
) -> None:
    meeting = meeting_at(group, fay, soon(60 * 23))
    actions.rsvp(meeting, coming[0])
    tasks.enqueue_due_reminders()
    tasks.enqueue_due_reminders(now=meeting.starts_at - timedelta(minutes=59))
    kinds = sorted(SentReminder.objects.filter(user=coming[0]).values_list("kind", flat=True))
    assert kinds == ["1h", "24h"]


def test_a_cancelled_meeting_sends_no_reminder(group: Any, fay: Any, coming: list[Any]) -> None:
    meeting = meeting_at(group, fay, soon(50))
    actions.rsvp(meeting, coming[0])
    actions.cancel_meeting(meeting, editor=fay)
    mail.outbox.clear()
    tasks.enqueue_due_reminders()
    tasks.send_meeting_reminders.enqueue(meeting_id=meeting.pk, kind="1h")
    assert mail.outbox == []


def test_a_late_job_after_the_start_sends_nothing(group: Any, fay: Any, coming: list[Any]) -> None:
    meeting = meeting_at(group, fay, timezone.now() - timedelta(minutes=5))
    actions.rsvp(meeting, coming[0])
    mail.outbox.clear()
    tasks.send_meeting_reminders.enqueue(meeting_id=meeting.pk, kind="1h")
    assert mail.outbox == []


def test_moving_a_meeting_means_a_reminder_for_the_new_time(
    group: Any, fay: Any, coming: list[Any]
) -> None:
    meeting = meeting_at(group, fay, soon(50))
    actions.rsvp(meeting, coming[0])
    tasks.enqueue_due_reminders()
    actions.reschedule_meeting(
        meeting, editor=fay, starts_at=meeting.starts_at + timedelta(minutes=5)
    )
    mail.outbox.clear()
    tasks.enqueue_due_reminders()
    assert len(mail.outbox) == 1 and SentReminder.objects.count() == 1


def test_a_mail_failure_rolls_back_so_a_later_run_sends_it(
    group: Any, fay: Any, coming: list[Any], settings: Any
) -> None:
    meeting = meeting_at(group, fay, soon(50))
    actions.rsvp(meeting, coming[0])
    settings.EMAIL_BACKEND = "tests.meetings.test_reminders.BrokenBackend"
    tasks.enqueue_due_reminders()
    assert not SentReminder.objects.exists() and not Notice.objects.filter(user=coming[0]).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    tasks.enqueue_due_reminders()
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionError("mail server down")
