"""The check-in schedule: baseline on joining, every 4 weeks, identification after week or
meeting 2 and 6, feedback after meetings, skipping and snoozing, reminders sent once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.groups.models import Membership
from alongside.outcomes import actions, queries
from alongside.outcomes.models import CheckIn, OutcomeSettings
from tests.conftest import client_for, join
from tests.outcomes.helpers import phq9


def due(user: Any, now: Any = None) -> set[tuple[str, str]]:
    return {(c.instrument, c.occasion) for c in queries.due_checkins(user, now)}


def backdate_join(user: Any, group: Any, weeks: float) -> None:
    Membership.objects.filter(user=user, group=group).update(
        joined_at=timezone.now() - timedelta(weeks=weeks)
    )
    CheckIn.objects.filter(user=user, occasion="baseline").update(
        due_at=timezone.now() - timedelta(weeks=weeks)
    )


def test_joining_a_first_group_opens_the_baseline(alice: Any, group: Any) -> None:
    assert due(alice) == set()
    join(alice, group)
    assert due(alice) == {("phq9", "baseline"), ("gad7", "baseline"), ("ucla3", "baseline")}


def test_the_facilitator_is_not_asked(fay: Any, group: Any) -> None:
    actions.refresh_schedule(fay)
    assert due(fay) == set()


def test_a_check_in_comes_every_4_weeks_and_the_old_one_lapses(alice: Any, group: Any) -> None:
    join(alice, group)
    backdate_join(alice, group, 4.5)
    actions.refresh_schedule(alice)
    assert ("phq9", "week-4") in due(alice)
    assert ("phq9", "baseline") not in due(alice)
    assert (
        CheckIn.objects.get(user=alice, instrument="phq9", occasion="baseline").status == "expired"
    )


def test_the_interval_is_set_by_the_organisation(alice: Any, group: Any) -> None:
    cfg = OutcomeSettings.current()
    cfg.checkin_interval_weeks = 2
    cfg.save()
    join(alice, group)
    backdate_join(alice, group, 4.5)
    actions.refresh_schedule(alice)
    assert ("phq9", "week-4") in due(alice)
    backdate_join(alice, group, 2.5)
    CheckIn.objects.all().delete()
    actions.refresh_schedule(alice)
    assert ("phq9", "week-2") in due(alice)


def test_identification_is_asked_after_week_2_then_week_6(alice: Any, group: Any) -> None:
    join(alice, group)
    backdate_join(alice, group, 1)
    actions.refresh_schedule(alice)
    assert not {o for i, o in due(alice) if i == "id4"}
    backdate_join(alice, group, 2.1)
    actions.refresh_schedule(alice)
    assert ("id4", "after-2") in due(alice)
    backdate_join(alice, group, 6.1)
    actions.refresh_schedule(alice)
    assert ("id4", "after-6") in due(alice) and ("id4", "after-2") not in due(alice)


def test_the_second_meeting_brings_identification_before_week_2(alice: Any, group: Any) -> None:
    join(alice, group)
    actions.record_meeting_attended(alice, group, 1)
    assert ("feedback", "meeting-1") in due(alice)
    assert not {o for i, o in due(alice) if i == "id4"}
    actions.record_meeting_attended(alice, group, 2)
    assert ("id4", "after-2") in due(alice)
    assert ("feedback", "meeting-2") in due(alice) and ("feedback", "meeting-1") not in due(alice)
    # Week 2 arriving later does not ask again.
    backdate_join(alice, group, 2.5)
    actions.refresh_schedule(alice)
    assert CheckIn.objects.filter(user=alice, instrument="id4").count() == 1


def test_answering_closes_the_check_in(alice: Any, group: Any) -> None:
    join(alice, group)
    actions.submit_response(alice, "phq9", phq9(8))
    assert ("phq9", "baseline") not in due(alice)
    assert CheckIn.objects.get(user=alice, instrument="phq9").status == "done"


def test_skip_and_snooze_are_always_allowed(alice: Any, group: Any) -> None:
    join(alice, group)
    client = client_for(alice)
    phq = CheckIn.objects.get(user=alice, instrument="phq9")
    gad = CheckIn.objects.get(user=alice, instrument="gad7")
    assert client.post(reverse("outcomes:skip", args=[phq.pk])).status_code == 302
    assert client.post(reverse("outcomes:snooze", args=[gad.pk])).status_code == 302
    assert due(alice) == {("ucla3", "baseline")}
    assert ("gad7", "baseline") in due(alice, timezone.now() + timedelta(days=4))


def test_nobody_can_skip_someone_elses_check_in(alice: Any, bob: Any, group: Any) -> None:
    join(alice, group)
    phq = CheckIn.objects.get(user=alice, instrument="phq9")
    assert client_for(bob).post(reverse("outcomes:skip", args=[phq.pk])).status_code == 404
    assert CheckIn.objects.get(pk=phq.pk).status == "open"


def test_reminders_are_emailed_exactly_once(alice: Any, bob: Any, group: Any) -> None:
    join(alice, group)
    join(bob, group)
    actions.set_email_reminders(bob, False)
    assert actions.send_outcome_reminders() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    body = mail.outbox[0].body
    assert "/outcomes/progress/" in body and "PHQ" not in body
    assert actions.send_outcome_reminders() == 0
    assert len(mail.outbox) == 1


def test_the_reminder_command_sends_new_check_ins_later(alice: Any, group: Any) -> None:
    from django.core.management import call_command

    join(alice, group)
    call_command("send_outcome_reminders")
    assert len(mail.outbox) == 1
    backdate_join(alice, group, 4.5)
    call_command("send_outcome_reminders")
    assert len(mail.outbox) == 2
    call_command("send_outcome_reminders")
    assert len(mail.outbox) == 2


def test_the_home_page_lists_check_ins_due(alice: Any, group: Any) -> None:
    join(alice, group)
    page = client_for(alice).get("/").content.decode()
    assert "Check-ins due" in page and "PHQ-9" in page
