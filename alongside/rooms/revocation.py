"""Tell open room sockets when what someone may read or do in a group may have changed.

Every save of the records `access.post_decision` and `access.can_view_content` read — a
membership (joining, leaving, removal, a role change, consent), a mute or suspension, a new
guidelines version, an account's staff flags — publishes `access.changed` after the commit. The
rooms hubs of every process then stop delivering to the people concerned at once and have their
sockets check again with the database (rooms/consumers.py). In the process that makes the change,
delivery to them stops already when the row is written, before the commit, so that not one
message committed after the change reaches them here; other processes stop when the event arrives
(a millisecond or so later). Model signals rather than a call in each action, so a change made
anywhere (an action, the Django admin) reaches open sockets.

Two things are not saves and are published by their actions instead: `groups.actions.leave_group`
(a queryset update) and any other bulk `update()` of these tables. Sending is never the
safeguard: whether a message may be stored is decided by the write batch with current data.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from alongside.core import events
from alongside.groups.models import GuidelinesVersion, Membership
from alongside.rooms import live
from alongside.safety.models import Restriction

# Account fields that decide access; a save that names only others (e.g. signing in) is not news.
ACCESS_FIELDS = frozenset({"is_active", "is_moderator", "is_superuser", "age_band"})


def changed(group_id: int | None, user_ids: list[int]) -> None:
    """What these people (all in the group, without user ids) may do there is being changed."""
    live.pause_now(group_id, user_ids)
    events.publish_on_commit(events.ACCESS_CHANGED, group_id=group_id, user_ids=user_ids)


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    changed(instance.group_id, [instance.user_id])


def _restriction_changed(sender: Any, instance: Restriction, **kwargs: Any) -> None:
    changed(instance.group_id, [instance.user_id])  # a mute: one group; a suspension: every group


def _guidelines_published(
    sender: Any, instance: GuidelinesVersion, created: bool = False, **kwargs: Any
) -> None:
    if created:  # everyone must agree to the new version before posting again
        changed(instance.group_id, [])


def _account_changed(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is None or ACCESS_FIELDS & set(update_fields):
        changed(None, [instance.pk])


def connect() -> None:
    uid = "alongside.rooms.revocation"
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid=f"{uid}.membership")
    post_delete.connect(
        _membership_changed, sender=Membership, dispatch_uid=f"{uid}.membership.delete"
    )
    post_save.connect(_restriction_changed, sender=Restriction, dispatch_uid=f"{uid}.restriction")
    post_save.connect(
        _guidelines_published, sender=GuidelinesVersion, dispatch_uid=f"{uid}.guidelines"
    )
    post_save.connect(_account_changed, sender=get_user_model(), dispatch_uid=f"{uid}.account")
