"""Moving into or out of the under-18 band is a request a moderator approves; the member is told
which memberships ended and why."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import AgeBandRequest
from alongside.groups import access
from alongside.groups.models import Membership
from alongside.safety import actions as safety_actions
from alongside.safety.models import Notice
from tests.conftest import client_for, join, make_user


def ask(user: Any, to_band: str = "under_18", note: str = "") -> Any:
    return client_for(user).post(reverse("accounts:age_band"), {"to_band": to_band, "note": note})


def test_asking_to_change_band_changes_nothing_until_a_moderator_decides(
    alice: Any, group: Any, youth_group: Any
) -> None:
    join(alice, group)
    response = ask(alice, note="I typed my age wrong")
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.age_band == "adult"
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.ACTIVE
    assert not access.join_decision(alice, youth_group)
    page = client_for(alice).get(reverse("accounts:profile")).content.decode()
    assert "is waiting for a moderator" in page


def test_a_second_request_while_one_waits_is_refused_with_a_reason(alice: Any) -> None:
    ask(alice)
    response = ask(alice)
    assert response.status_code == 400
    assert "already have a request waiting" in response.content.decode()
    assert AgeBandRequest.objects.filter(user=alice).count() == 1


def test_approval_moves_the_band_ends_mixed_memberships_and_tells_the_member_which_and_why(
    alice: Any, group: Any, mo: Any, youth_group: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(alice, group)
    ask(alice)
    request = AgeBandRequest.objects.get(user=alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(mo).post(
            reverse("safety:age_bands"), {"request": request.pk, "decision": "approve"}
        )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.age_band == "under_18"
    ended = Membership.objects.get(user=alice, group=group)
    assert ended.status == Membership.Status.LEFT
    notice = Notice.objects.get(user=alice)
    assert group.name in notice.text and "kept apart" in notice.text
    assert any(group.name in m.body for m in mail.outbox if m.to == [alice.email])
    assert access.join_decision(alice, youth_group)


def test_a_decline_keeps_everything_and_the_member_sees_the_reason(
    alice: Any, group: Any, mo: Any
) -> None:
    join(alice, group)
    ask(alice)
    request = AgeBandRequest.objects.get(user=alice)
    refused = client_for(mo).post(
        reverse("safety:age_bands"), {"request": request.pk, "decision": "decline"}
    )
    assert refused.status_code == 400 and "Please give a reason" in refused.content.decode()
    client_for(mo).post(
        reverse("safety:age_bands"),
        {"request": request.pk, "decision": "decline", "reason": "Please write to us first."},
    )
    alice.refresh_from_db()
    assert alice.age_band == "adult"
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.ACTIVE
    assert "Please write to us first." in Notice.objects.get(user=alice).text


def test_only_moderators_decide_and_never_their_own_request(alice: Any, bob: Any, mo: Any) -> None:
    ask(alice)
    request = AgeBandRequest.objects.get(user=alice)
    assert client_for(bob).get(reverse("safety:age_bands")).status_code == 403
    with pytest.raises(safety_actions.SafetyActionError):
        safety_actions.decide_age_band_request(bob, request.pk, approve=True)
    ask(mo)
    own = AgeBandRequest.objects.get(user=mo)
    with pytest.raises(safety_actions.SafetyActionError, match="Someone else"):
        safety_actions.decide_age_band_request(mo, own.pk, approve=True)
    mo.refresh_from_db()
    assert mo.age_band == "adult"


def test_a_member_can_withdraw_their_request(alice: Any) -> None:
    ask(alice)
    client_for(alice).post(reverse("accounts:age_band"), {"withdraw": "1"})
    assert AgeBandRequest.objects.get(user=alice).status == AgeBandRequest.Status.WITHDRAWN
    assert ask(alice).status_code == 302  # may ask again


def test_the_moderators_list_shows_waiting_requests(alice: Any, mo: Any) -> None:
    ask(alice, note="typo at sign-up")
    page = client_for(mo).get(reverse("safety:age_bands")).content.decode()
    assert "alice" in page and "typo at sign-up" in page
    make_user("zed")  # someone with no request is not listed
    assert "zed" not in client_for(mo).get(reverse("safety:age_bands")).content.decode()
