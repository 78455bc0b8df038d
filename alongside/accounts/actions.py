"""State changes of the accounts app."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from alongside.accounts.models import User


@transaction.atomic
def update_profile(user: User, **fields: Any) -> User:
    """Save profile changes. Changing age band ends memberships that would mix youth and adults."""
    from alongside.groups.access import age_decision, forget_membership_cache
    from alongside.groups.models import Membership

    # Compare with what is stored: a bound ModelForm has already set the new values on `user`.
    old_band = User.objects.filter(pk=user.pk).values_list("age_band", flat=True).first()
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    if user.age_band != old_band:
        for m in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).exclude(
            role=Membership.Role.FACILITATOR
        ).select_related("group"):
            if not age_decision(user, m.group):
                m.status = Membership.Status.LEFT
                m.status_reason = "age band changed"
                m.save(update_fields=["status", "status_reason", "updated_at"])
        forget_membership_cache(user)
    return user
