"""People: pseudonymous accounts with a profile and site-wide roles.

Members appear to each other only by `handle`. Real names are never asked for.
Per-group roles (listener, participant, facilitator) live on groups.Membership.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.roles import acts_as_admin, acts_as_site_staff

HANDLE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,29}$",
    _("Use 3–30 letters, digits, dots, dashes or underscores, starting with a letter or digit."),
)


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    ADULT = "adult", _("18 and over")


class Context(models.TextChoices):
    """Optional life contexts a person may share to find groups like them."""

    CAREGIVER = "caregiver", _("Caregiver")
    WORKPLACE = "workplace", _("Workplace")
    LGBTQ = "lgbtq", _("LGBTQ+")
    CULTURAL = "cultural", _("Cultural community")
    VETERAN = "veteran", _("Veteran")
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")
    BEREAVED = "bereaved", _("Bereaved")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        extra.setdefault("handle", _unique_handle_from(email))
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


def _unique_handle_from(email: str) -> str:
    base = "".join(c for c in email.split("@")[0] if c.isalnum())[:20] or "member"
    if len(base) < 3:
        base = f"{base}member"
    candidate = base
    while User.objects.filter(handle__iexact=candidate).exists():
        candidate = f"{base}{secrets.randbelow(10000)}"
    return candidate


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    handle = models.CharField(
        _("handle"),
        max_length=30,
        validators=[HANDLE_VALIDATOR],
        help_text=_("The name other members see. Please don't use your real name."),
    )
    # Site-wide roles. Admins are superusers; facilitators are per group (groups.Membership).
    is_moderator = models.BooleanField(
        _("moderator"), default=False, help_text=_("Site-wide safety staff.")
    )
    is_on_call = models.BooleanField(
        _("on call"), default=False, help_text=_("Receives crisis alerts as a moderator.")
    )
    is_staff = models.BooleanField(_("can use Django admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    # Profile
    languages = models.CharField(
        _("languages"),
        max_length=100,
        default="en",
        help_text=_("Comma-separated codes, e.g. en,es"),
    )
    ui_language = models.CharField(_("interface language"), max_length=10, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("Used to show crisis lines near you.")
    )
    age_band = models.CharField(
        _("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.ADULT
    )
    contexts = models.JSONField(_("contexts"), default=list, blank=True)
    # Erasure (accounts.actions.erase_account): asked for, and done. In between, only what an
    # erasure hold needs is kept (e.g. the contact details of a member with an open crisis alert).
    erasure_requested_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["handle"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("handle"), name="unique_handle_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.handle

    def get_short_name(self) -> str:
        return self.handle

    def get_full_name(self) -> str:
        return self.handle

    @property
    def is_admin(self) -> bool:
        """An admin who may use admin powers now (TOTP enrolled when staff MFA is required)."""
        return acts_as_admin(self)

    @property
    def is_site_staff(self) -> bool:
        """Moderators and admins who may use their site-wide powers now (TOTP enrolled when
        staff MFA is required: see accounts/roles.py)."""
        return acts_as_site_staff(self)

    @property
    def is_youth(self) -> bool:
        return self.age_band == AgeBand.UNDER_18

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class AgeBandRequest(models.Model):
    """A person asks to move into or out of the under-18 band. Youth and adult groups never mix,
    so the band is not a self-service switch: a moderator approves the move
    (safety.actions.decide_age_band_request), and the member is told which memberships end and why."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="age_band_requests", verbose_name=_("person")
    )
    from_band = models.CharField(_("from"), max_length=10, choices=AgeBand.choices)
    to_band = models.CharField(_("to"), max_length=10, choices=AgeBand.choices)
    note = models.CharField(_("their note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.CharField(_("moderator's reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("age band request")
        verbose_name_plural = _("age band requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_age_band_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.from_band} → {self.to_band} ({self.status})"
