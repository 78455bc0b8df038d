"""One situation per periodic job, set up through the apps' own actions, and the effect a person
would notice once the job has run. Shared by the in-process scheduler test and the real
`alongside worker` test, which only differ in who runs the jobs and where the mail goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from alongside.accounts.actions import erase_account
from alongside.accounts.models import User
from alongside.groups import actions as group_actions
from alongside.groups.models import Group, Membership, WaitlistEntry
from alongside.media.models import MediaPass, MediaRoom
from alongside.meetings import actions as meeting_actions
from alongside.meetings.models import Meeting
from alongside.outcomes import actions as outcome_actions
from alongside.outcomes.models import CheckIn
from alongside.rooms import actions as room_actions
from alongside.rooms.models import FirstPost
from alongside.safety import actions as safety_actions
from alongside.safety.models import CrisisAlert
from tests.conftest import join, make_user
from tests.meetings.conftest import meeting_at, series_starting, soon

# (to, subject) of every e-mail sent so far
Mailbox = Callable[[], list[tuple[str, str]]]
Check = Callable[[Mailbox], bool]


@dataclass(frozen=True)
class Scenario:
    job: str
    arrange: Callable[
        [Any], Check
    ]  # given the facilitator, set the situation up; returns the check


def _group(fay: Any, name: str, **extra: Any) -> Group:
    return group_actions.create_group(
        creator=fay,
        name=name,
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
        **extra,
    )


def _sent_to(mails: Mailbox, user: Any, subject_part: str) -> bool:
    return any(to == user.email and subject_part in subject for to, subject in mails())


def meeting_expansion_and_reminders(fay: Any) -> Check:
    group = _group(fay, "Meetings group")
    ana = make_user("ana")
    join(ana, group)
    soon_meeting = meeting_at(group, fay, soon(30))
    meeting_actions.rsvp(soon_meeting, ana)
    # A weekly series last expanded 100 days ago: its far occurrences are not there yet.
    series = series_starting(group, fay, soon(60 * 24 * 2), title="Weekly")
    horizon = timezone.now() + timedelta(days=30)
    Meeting.objects.filter(series=series, starts_at__gt=horizon).delete()
    type(series).objects.filter(pk=series.pk).update(expanded_until=horizon)

    def check(mails: Mailbox) -> bool:
        extended = Meeting.objects.filter(series=series, starts_at__gt=horizon).exists()
        return extended and _sent_to(mails, ana, "starts in an hour")

    return check


def check_in_schedules(fay: Any) -> Check:
    group = _group(fay, "Check-in group")
    ben = make_user("ben")
    join(ben, group)
    outcome_actions.set_email_reminders(ben, False)  # so only the schedule refresh touches him
    Membership.objects.filter(user=ben, group=group).update(
        joined_at=timezone.now() - timedelta(weeks=4.5)
    )
    CheckIn.objects.filter(user=ben, occasion="baseline").update(
        due_at=timezone.now() - timedelta(weeks=4.5)
    )
    return lambda mails: CheckIn.objects.filter(
        user=ben, instrument="phq9", occasion="week-4"
    ).exists()


def check_in_reminder_emails(fay: Any) -> Check:
    group = _group(fay, "Reminder group")
    cy = make_user("cy")
    join(cy, group)  # the baseline check-ins are due now
    return lambda mails: _sent_to(mails, cy, "A check-in is ready")


def crisis_escalation(fay: Any) -> Check:
    group = _group(fay, "Escalation group")
    dee, mod = make_user("dee"), make_user("moderator", is_moderator=True)
    join(dee, group)
    alert = safety_actions.raise_crisis_alert(
        dee,
        level="high",
        group=group,
        source="phq9",
        object_id=1,
        now=timezone.now() - timedelta(minutes=10),
    )

    def check(mails: Mailbox) -> bool:
        return CrisisAlert.objects.get(pk=alert.pk).tier == 2 and _sent_to(mails, mod, "ESCALATED")

    return check


def unanswered_first_posts(fay: Any) -> Check:
    group = _group(fay, "First posts group")
    eve = make_user("eve")
    join(eve, group, share=True)
    room_actions.create_thread(eve, group, "Hello", "My first post here, hello everyone")
    first = FirstPost.objects.get(group=group, author=eve)
    FirstPost.objects.filter(pk=first.pk).update(posted_at=timezone.now() - timedelta(hours=3))
    return lambda mails: FirstPost.objects.get(pk=first.pk).surfaced_at is not None


def waitlist_holds(fay: Any) -> Check:
    group = _group(fay, "Waitlist group", capacity=1)
    member, first, second = make_user("finn"), make_user("gus"), make_user("hal")
    join(member, group)
    group_actions.join_waitlist(first, group)
    group_actions.join_waitlist(second, group)
    group_actions.leave_group(member, group)  # the place is held for `first`…
    WaitlistEntry.objects.filter(user=first, group=group).update(
        offered_at=timezone.now() - timedelta(hours=73)
    )

    def check(mails: Mailbox) -> bool:  # …who let 72 hours pass: it goes to `second`
        offered = (
            WaitlistEntry.objects.get(user=second, group=group).status
            == WaitlistEntry.Status.OFFERED
        )
        return offered and _sent_to(mails, second, "A place is free in Waitlist group")

    return check


def deferred_erasures(fay: Any) -> Check:
    group = _group(fay, "Erasure group")
    ivy = make_user("ivy")
    join(ivy, group)
    safety_actions.raise_crisis_alert(ivy, level="high", group=group, source="phq9", object_id=2)
    # Asked 31 days ago, while the alert was open: 30 days is the limit.
    erase_account(ivy, confirm_handle="ivy", now=timezone.now() - timedelta(days=31))
    return lambda mails: User.objects.get(pk=ivy.pk).erased_at is not None


def finished_call_rooms(fay: Any) -> Check:
    group = _group(fay, "Call group")
    cal = make_user("cal")
    join(cal, group)
    meeting = meeting_at(group, fay, soon(5), format="online")
    # A call someone is in (made directly: no media server in this test), then the meeting is cancelled.
    room = MediaRoom.objects.create(meeting=meeting)
    MediaPass.objects.create(room=room, user=cal)
    meeting_actions.cancel_meeting(meeting, editor=fay)
    return lambda mails: (
        MediaRoom.objects.get(pk=room.pk).destroyed_at is not None
        and not MediaPass.objects.filter(room=room, revoked_at__isnull=True).exists()
    )


SCENARIOS = [
    Scenario("meetings.series_and_reminders", meeting_expansion_and_reminders),
    Scenario("outcomes.refresh_schedules", check_in_schedules),
    Scenario("outcomes.checkin_reminders", check_in_reminder_emails),
    Scenario("safety.escalate_alerts", crisis_escalation),
    Scenario("rooms.surface_first_posts", unanswered_first_posts),
    Scenario("groups.expire_waitlist_holds", waitlist_holds),
    Scenario("accounts.finish_deferred_erasures", deferred_erasures),
    Scenario("media.close_finished_rooms", finished_call_rooms),
]
