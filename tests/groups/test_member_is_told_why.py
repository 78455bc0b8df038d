"""No membership ends without the member being told which and why."""

from __future__ import annotations

from typing import Any

from alongside.groups import actions
from alongside.safety.models import Notice
from tests.conftest import join


def test_a_member_removed_by_a_facilitator_gets_a_notice_naming_the_group_and_reason(
    alice: Any, fay: Any, group: Any
) -> None:
    join(alice, group)
    actions.remove_member(fay, group, alice.pk, "Repeated insults after a warning.")
    (notice,) = Notice.objects.filter(user=alice)
    assert group.name in notice.text and "Repeated insults after a warning." in notice.text


def test_leaving_by_choice_leaves_no_notice(alice: Any, group: Any) -> None:
    join(alice, group)
    actions.leave_group(alice, group)
    assert not Notice.objects.filter(user=alice).exists()
