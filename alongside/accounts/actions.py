"""State changes of the accounts app."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from alongside.accounts.models import User
from alongside.accounts.signals import age_band_changed
from alongside.core.audit import record_audit_event


@transaction.atomic
def update_profile(user: User, **fields: Any) -> User:
    """Save profile changes. A new age band is announced (groups ends memberships that would
    mix youth and adults)."""
    # Compare with what is stored: a bound ModelForm has already set the new values on `user`.
    old_band = User.objects.filter(pk=user.pk).values_list("age_band", flat=True).first()
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    if user.age_band != old_band:
        age_band_changed.send(sender=User, user=user, old_band=old_band)
    return user


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything Alongside holds about this person, by section, as JSON-ready data."""
    from alongside.accounts.privacy import REGISTRY

    data: dict[str, Any] = {
        "profile": {
            "email": user.email, "handle": user.handle, "languages": user.language_list,
            "timezone": user.timezone, "country": user.country, "age_band": user.age_band,
            "contexts": user.contexts, "joined": user.date_joined.isoformat(),
        }
    }
    for section, entry in sorted(REGISTRY.items()):
        data[section] = entry.export(user)
    return data


class ErasureError(Exception):
    pass


@transaction.atomic
def erase_account(user: User, *, confirm_handle: str) -> None:
    """Delete or anonymise everything personal. What others wrote stays; what this person wrote
    is handled by each app's eraser. The account can never sign in again."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from alongside.accounts.privacy import REGISTRY

    if confirm_handle.strip().lower() != user.handle.lower():
        raise ErasureError("Type your handle exactly to confirm.")
    for entry in REGISTRY.values():
        if entry.erase is not None:
            entry.erase(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.handle = f"former-member-{user.pk}"
    user.set_unusable_password()
    user.is_active = False
    user.is_moderator = user.is_on_call = user.is_staff = user.is_superuser = False
    user.country, user.contexts, user.languages, user.ui_language = "", [], "en", ""
    user.save()
    record_audit_event(None, "account.erased", subject_user=user)
