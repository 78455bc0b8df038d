"""Demo safety data: one open crisis alert and one resolved one, so the dashboard shows its
shape. Fictional people only; no message text (rooms' demo adds messages)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.models import User
from alongside.groups.models import Group
from alongside.safety import actions


def load_demo_data() -> None:
    group = Group.objects.filter(name="Tuesday Evening Depression Support").first()
    moderator = User.objects.filter(is_moderator=True, is_on_call=True).first()
    members = (
        list(User.objects.filter(memberships__group=group, memberships__role="participant")[:2])
        if group
        else []
    )
    if group is None or moderator is None or len(members) < 2:
        return
    now = timezone.now()
    old = actions.raise_crisis_alert(
        members[1],
        level="concern",
        group=group,
        summary="Demo: message screened (crisis classifier)",
        now=now - timedelta(days=2),
    )
    actions.acknowledge_alert(moderator, old, now=old.created_at + timedelta(minutes=4))
    actions.record_contact(
        moderator,
        old,
        "Demo: sent a private message; they replied.",
        now=old.created_at + timedelta(minutes=10),
    )
    actions.resolve_alert(
        moderator,
        old,
        "Demo: talked it through; they have a plan for the week.",
        now=old.created_at + timedelta(hours=1),
    )
    actions.raise_crisis_alert(
        members[0],
        level="concern",
        group=group,
        summary="Demo: message screened (crisis rule)",
        now=now - timedelta(minutes=3),
    )
