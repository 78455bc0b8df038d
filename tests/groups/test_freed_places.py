"""However a membership ends — leaving, erasing the account, changing age band — the freed place
is offered to the first person on the waitlist, and the apps that care hear of it."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import AgeBandRequest
from alongside.groups import actions
from alongside.groups.models import Group, WaitlistEntry
from alongside.meetings import actions as meeting_actions
from alongside.meetings.models import RSVP
from alongside.outcomes.models import CheckIn
from tests.conftest import client_for, join, make_user
from tests.meetings.conftest import meeting_at, soon


def _full_group_with_a_waitlist(fay: Any) -> tuple[Group, Any, Any]:
    group = actions.create_group(
        creator=fay,
        name="Tiny",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
        capacity=1,
    )
    member, waiting = make_user("member"), make_user("waiting")
    join(member, group)
    actions.join_waitlist(waiting, group)
    return group, member, waiting


def _offered_to(user: Any) -> bool:
    return any(m.to == [user.email] and "A place is free in Tiny" in m.subject for m in mail.outbox)


def test_erasing_an_account_offers_the_freed_place_to_the_waitlist(
    fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    group, member, waiting = _full_group_with_a_waitlist(fay)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(member).post(reverse("accounts:my_data"), {"handle": "member"})
    assert (
        WaitlistEntry.objects.get(user=waiting, group=group).status == WaitlistEntry.Status.OFFERED
    )
    assert _offered_to(waiting)
    join(waiting, group)


def test_changing_age_band_offers_the_freed_place_to_the_waitlist(
    fay: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    group, member, waiting = _full_group_with_a_waitlist(fay)
    client_for(member).post(reverse("accounts:age_band"), {"to_band": "under_18"})
    request = AgeBandRequest.objects.get(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(mo).post(
            reverse("safety:age_bands"), {"request": request.pk, "decision": "approve"}
        )
    assert (
        WaitlistEntry.objects.get(user=waiting, group=group).status == WaitlistEntry.Status.OFFERED
    )
    assert _offered_to(waiting)


def test_a_place_held_on_the_waitlist_is_passed_on_when_its_holder_erases_their_account(
    fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    group, member, waiting = _full_group_with_a_waitlist(fay)
    next_one = make_user("nextone")
    actions.join_waitlist(next_one, group)
    actions.leave_group(member, group)  # the place is now held for `waiting`
    with django_capture_on_commit_callbacks(execute=True):
        client_for(waiting).post(reverse("accounts:my_data"), {"handle": "waiting"})
    assert (
        WaitlistEntry.objects.get(user=next_one, group=group).status == WaitlistEntry.Status.OFFERED
    )
    assert _offered_to(next_one)


def test_leaving_gives_up_meeting_places_and_withdraws_the_groups_check_ins(
    group: Any, fay: Any
) -> None:
    member, waiting = make_user("member"), make_user("waiting")
    join(member, group)
    join(waiting, group)
    meeting = meeting_at(group, fay, soon(60 * 24))
    meeting.series.capacity = 1
    meeting.series.save()
    meeting_actions.rsvp(meeting, member)
    meeting_actions.rsvp(meeting, waiting)
    CheckIn.objects.create(
        user=member, instrument="id4", group=group, occasion="after-2", due_at=soon(-60)
    )

    actions.leave_group(member, group)

    assert not RSVP.objects.filter(meeting=meeting, user=member, status=RSVP.Status.GOING).exists()
    assert RSVP.objects.get(meeting=meeting, user=waiting).status == RSVP.Status.GOING
    assert CheckIn.objects.get(user=member, group=group).status == CheckIn.Status.EXPIRED
