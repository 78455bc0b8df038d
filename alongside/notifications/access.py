"""May this person still see what a notification is about? Asked when the list is shown and again
when one is opened, with current data: someone who left the group (or whose reply was hidden
since) gets no content and no link.

The group rule lives here (members and staff of the group, groups.access); the apps that own what
a notification points to add their own rule from their AppConfig.ready():
    register_target("thread_post", lambda user, post_id: ...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alongside.groups import access as group_access
from alongside.notifications.models import Notification

TargetCheck = Callable[[Any, int], bool]
_targets: dict[str, TargetCheck] = {}


def register_target(target: str, check: TargetCheck) -> None:
    _targets[target] = check


def can_open(user: Any, notification: Notification) -> bool:
    if user is None or not user.is_authenticated or notification.user_id != user.pk:
        return False
    group = notification.group if notification.group_id is not None else None
    if group is not None and not group_access.can_view_content(user, group):
        return False
    check = _targets.get(notification.target)
    if check is not None and notification.target_id is not None:
        return bool(check(user, notification.target_id))
    return True
