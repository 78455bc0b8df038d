"""State changes of the accounts app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alongside.accounts.language import in_language_of
from alongside.accounts.models import AgeBand, AgeBandRequest, User
from alongside.accounts.privacy import REGISTRY, holds_on
from alongside.accounts.signals import erasure_deferred
from alongside.core.audit import pseudonymise_person, record_audit_event
from alongside.core.mail import send_mail
from alongside.core.models import AuditEntry


class ProfileError(Exception):
    pass


@transaction.atomic
def update_profile(user: User, **fields: Any) -> User:
    """Save profile changes. The age band is not among them: moving into or out of the under-18
    band is a request a moderator approves (request_age_band_change)."""
    if "age_band" in fields:
        raise ProfileError(_("Your age band changes only through a request a moderator approves."))
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields) or None)
    return user


class AgeBandRequestError(Exception):
    pass


def pending_age_band_request(user: User) -> AgeBandRequest | None:
    return AgeBandRequest.objects.filter(user=user, status=AgeBandRequest.Status.PENDING).first()


@transaction.atomic
def request_age_band_change(user: User, to_band: str, note: str = "") -> AgeBandRequest:
    """Ask a moderator to move this person into or out of the under-18 band. Nothing changes
    (no membership ends, no group opens) until a moderator approves."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time per person
    if to_band not in AgeBand.values:
        raise AgeBandRequestError(_("Please choose an age band."))
    if to_band == user.age_band:
        raise AgeBandRequestError(_("That is already your age band."))
    if pending_age_band_request(user) is not None:
        raise AgeBandRequestError(_("You already have a request waiting for a moderator."))
    request = AgeBandRequest.objects.create(
        user=user, from_band=user.age_band, to_band=to_band, note=" ".join(note.split())[:500]
    )
    record_audit_event(user, "accounts.request_age_band", subject_user=user, to_band=to_band)
    return request


@transaction.atomic
def withdraw_age_band_request(user: User) -> None:
    updated = AgeBandRequest.objects.filter(user=user, status=AgeBandRequest.Status.PENDING).update(
        status=AgeBandRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    if not updated:
        raise AgeBandRequestError(_("There is no request waiting."))


@transaction.atomic
def settle_age_band_request(
    request_id: int, *, decided_by: Any, approve: bool, reason: str = ""
) -> AgeBandRequest:
    """Record a moderator's decision and, when approved, move the person to the new band. Who may
    decide, and what happens to memberships, is safety's (safety.actions.decide_age_band_request)."""
    request = (
        AgeBandRequest.objects.select_for_update()
        .select_related("user")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.status != AgeBandRequest.Status.PENDING:
        raise AgeBandRequestError(_("This request has already been decided or withdrawn."))
    if request.user_id == getattr(decided_by, "pk", None):
        raise AgeBandRequestError(_("Someone else must decide your own request."))
    request.status = AgeBandRequest.Status.APPROVED if approve else AgeBandRequest.Status.DECLINED
    request.decided_by, request.decided_at, request.reason = (
        decided_by,
        timezone.now(),
        reason.strip()[:500],
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if approve:
        user = request.user
        user.age_band = request.to_band
        user.save(update_fields=["age_band"])  # rooms.revocation re-checks open sockets
    return request


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything Alongside holds about this person, by section, as JSON-ready data."""
    data: dict[str, Any] = {
        "profile": {
            "email": user.email,
            "handle": user.handle,
            "languages": user.language_list,
            "timezone": user.timezone,
            "country": user.country,
            "age_band": user.age_band,
            "contexts": user.contexts,
            "joined": user.date_joined.isoformat(),
        },
        "age_band_requests": [
            {
                "from": r.from_band,
                "to": r.to_band,
                "note": r.note,
                "status": r.status,
                "asked": r.created_at.isoformat(),
                "decided": r.decided_at.isoformat() if r.decided_at else None,
                "reason": r.reason,
            }
            for r in AgeBandRequest.objects.filter(user=user)
        ],
    }
    for section, entry in sorted(REGISTRY.items()):
        data[section] = entry.export(user)
    data["audit"] = _audit_about(user)
    return data


def _audit_about(user: User) -> list[dict[str, Any]]:
    """What the audit log holds about the person: what they did and what was done about them.
    Who did it is said by kind (you, staff, another member, the system), never by name: a
    report's entry must not reveal the reporter."""
    entries = (
        AuditEntry.objects.filter(Q(actor=user) | Q(subject_user=user))
        .select_related("actor")
        .order_by("created_at", "id")
    )
    out = []
    for e in entries:
        if e.actor_id == user.pk:
            by = "you"
        elif e.actor is None:
            by = "system"
        elif e.actor.is_staff or e.actor.is_moderator or e.action.startswith(("group.", "rooms.")):
            by = "staff"
        else:
            by = "another member"
        out.append(
            {
                "at": e.created_at.isoformat(),
                "action": e.action,
                "by": by,
                "group_id": e.group_id,
                "details": e.details,
            }
        )
    return out


class ErasureError(Exception):
    pass


# However long a hold lasts, an erasure happens within this long of being asked for.
ERASURE_DEADLINE = timedelta(days=30)


@dataclass(frozen=True)
class Erasure:
    """What became of an erasure request: done now, or waiting until `deadline` at the latest."""

    done: bool
    deadline: datetime | None = None
    reasons: tuple[str, ...] = ()


@transaction.atomic
def erase_account(user: User, *, confirm_handle: str, now: datetime | None = None) -> Erasure:
    """Delete or anonymise everything personal. What others wrote stays; what this person wrote
    is handled by each app's eraser. The account can never sign in again.

    While an app holds the erasure back (safety, while they have an open crisis alert), every
    eraser still runs now and keeps only what the hold needs, and the e-mail address and handle
    stay so that staff can reach them; the rest of the erasure follows when the hold lifts
    (finish_deferred_erasure) and within ERASURE_DEADLINE at the latest."""
    if confirm_handle.strip().lower() != user.handle.lower():
        raise ErasureError("Type your handle exactly to confirm.")
    now = now or timezone.now()
    holds = holds_on(user)
    if not holds:
        _erase_now(user, now)
        return Erasure(done=True)
    first_request = user.erasure_requested_at is None
    requested_at = user.erasure_requested_at = user.erasure_requested_at or now
    deadline = requested_at + ERASURE_DEADLINE
    _run_erasers(user)
    Authenticator.objects.filter(user=user).delete()
    user.set_unusable_password()
    user.is_active = False
    user.is_moderator = user.is_on_call = user.is_staff = user.is_superuser = False
    # Kept to reach them: e-mail, handle, and the language, country and time zone to do it in.
    user.contexts, user.languages = [], user.ui_language or "en"
    user.save()
    reasons = tuple(str(h.reason) for h in holds)
    record_audit_event(
        None, "account.erasure_deferred", subject_user=user, deadline=deadline.isoformat()
    )
    if first_request:
        erasure_deferred.send(sender=User, user=user, deadline=deadline)
        _tell_erasure_waits(user, deadline, reasons)
    return Erasure(done=False, deadline=deadline, reasons=reasons)


@transaction.atomic
def finish_deferred_erasure(user: User, now: datetime | None = None) -> bool:
    """Complete an erasure that was waiting, once nothing holds it any more or its deadline has
    come. Returns True if the account was erased now."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erasure_requested_at is None or user.erased_at is not None:
        return False
    now = now or timezone.now()
    if holds_on(user) and now < user.erasure_requested_at + ERASURE_DEADLINE:
        return False
    _erase_now(user, now)
    return True


def finish_deferred_erasures(now: datetime | None = None) -> int:
    """The periodic job: every waiting erasure whose hold has lifted or whose deadline has come."""
    pending = User.objects.filter(
        erasure_requested_at__isnull=False, erased_at__isnull=True
    ).order_by("pk")
    return sum(finish_deferred_erasure(user, now) for user in pending)


def _run_erasers(user: User) -> None:
    for entry in REGISTRY.values():
        if entry.erase is not None:
            entry.erase(user)


def _erase_now(user: User, now: datetime) -> None:
    _run_erasers(user)
    names = [
        user.handle,
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    AgeBandRequest.objects.filter(user=user).delete()  # their note is their own words
    user.email = f"erased-{user.pk}@erased.invalid"
    user.handle = f"former-member-{user.pk}"
    # The audit trail stays, naming them only by the pseudonym (itself an audit event).
    pseudonymise_person(user, user.handle, names)
    LogEntry.objects.filter(
        content_type__app_label="accounts", content_type__model="user", object_id=str(user.pk)
    ).update(object_repr=user.handle)
    user.set_unusable_password()
    user.is_active = False
    user.is_moderator = user.is_on_call = user.is_staff = user.is_superuser = False
    user.country, user.contexts, user.languages, user.ui_language = "", [], "en", ""
    user.erased_at = now
    user.save()
    record_audit_event(None, "account.erased", subject_user=user)


def erasure_date(user: User, deadline: datetime) -> str:
    """The deadline as a date in the person's own time zone."""
    try:
        zone = ZoneInfo(user.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return formats.date_format(timezone.localtime(deadline, zone), "DATE_FORMAT")


def _tell_erasure_waits(user: User, deadline: datetime, reasons: tuple[str, ...]) -> None:
    """The member hears why and when, by e-mail (they are signed out and cannot sign in)."""
    with in_language_of(user):
        subject = _("Your account will be erased soon")
        body = erasure_waits_text(user, deadline, reasons)
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def erasure_waits_text(user: User, deadline: datetime, reasons: tuple[str, ...]) -> str:
    return _(
        "Your account will be erased, but not straight away. %(reasons)s We have deleted everything "
        "else we held about you, and you can no longer sign in. Your account will be erased "
        "completely once they have finished, on %(date)s at the latest."
    ) % {"reasons": " ".join(reasons), "date": erasure_date(user, deadline)}
