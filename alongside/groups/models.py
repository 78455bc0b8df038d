"""The directory: groups, their versioned guidelines, membership and informed consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Focus(models.TextChoices):
    DEPRESSION = "depression", _("Depression")
    ANXIETY = "anxiety", _("Anxiety")
    PTSD = "ptsd", _("PTSD and trauma")
    BIPOLAR = "bipolar", _("Bipolar")
    GRIEF = "grief", _("Grief and loss")
    CAREGIVERS = "caregivers", _("Caring for someone")
    LONELINESS = "loneliness", _("Loneliness")
    STRESS = "stress", _("Stress and burnout")
    WELLBEING = "wellbeing", _("General wellbeing")


class Audience(models.TextChoices):
    """Who a group is for. Youth groups are for under-18s only and never mix with adults."""

    ADULTS = "adults", _("Adults (18+)")
    YOUTH = "youth", _("Young people (under 18)")
    YOUNG_ADULTS = "young_adults", _("Young adults (18–25)")
    STUDENTS = "students", _("Students")
    WORKPLACE = "workplace", _("People at work")
    CAREGIVERS = "caregivers", _("Caregivers")
    LGBTQ = "lgbtq", _("LGBTQ+ people")
    VETERANS = "veterans", _("Veterans")
    CULTURAL = "cultural", _("A cultural community")
    PARENTS = "parents", _("Parents")


class Format(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Leadership(models.TextChoices):
    PEER = "peer", _("Peer-led")
    PROFESSIONAL = "professional", _("Professional-led")


class GroupLanguage(models.TextChoices):
    """The languages a group can meet in, as codes (the ones a profile lists, so matching and the
    directory's filter find them)."""

    EN = "en", _("English")
    ES = "es", _("Spanish")
    FR = "fr", _("French")
    DE = "de", _("German")
    NL = "nl", _("Dutch")
    PT = "pt", _("Portuguese")
    HI = "hi", _("Hindi")
    AR = "ar", _("Arabic")
    ZH = "zh", _("Chinese")


class Visibility(models.TextChoices):
    LISTED = "listed", _("Listed in the directory")
    UNLISTED = "unlisted", _("Unlisted: anyone with the link")
    INVITE_ONLY = "invite_only", _("Invite only: a facilitator approves each member")


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Group(models.Model):
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    purpose = models.TextField(
        _("purpose"), help_text=_("Who the group is for and what it offers.")
    )
    focus = models.CharField(_("focus"), max_length=20, choices=Focus.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    leadership = models.CharField(_("leadership"), max_length=20, choices=Leadership.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=GroupLanguage.choices, default="en"
    )
    # Shared work calendars show event titles to colleagues: only the name the group chose, never
    # its focus (see meetings/ical.py). Empty: a neutral "Group meeting".
    calendar_name = models.CharField(
        _("name in calendars"),
        max_length=80,
        blank=True,
        help_text=_(
            "What members' calendars call this group's meetings. Others may see it in shared "
            "calendars, so keep it neutral. Leave empty for “Group meeting”."
        ),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=12, help_text=_("Members, not counting facilitators.")
    )
    cadence = models.CharField(_("how often it meets"), max_length=200, blank=True)
    meeting_description = models.TextField(_("what a meeting looks like"), blank=True)
    location = models.TextField(
        _("meeting place"), blank=True, help_text=_("Shown to members only.")
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.LISTED
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    @property
    def is_youth(self) -> bool:
        return self.audience == Audience.YOUTH

    @property
    def has_place(self) -> bool:
        return self.format in (Format.IN_PERSON, Format.HYBRID)

    def current_guidelines(self) -> GuidelinesVersion | None:
        return self.guidelines_versions.order_by("-version").first()


class GuidelinesVersion(models.Model):
    """One version of a group's guidelines. Editing creates a new version; old ones stay."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="guidelines_versions")
    version = models.PositiveIntegerField()
    text = models.TextField(_("guidelines"))
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="unique_guidelines_version")
        ]

    def __str__(self) -> str:
        return f"{self.group} v{self.version}"


class Membership(models.Model):
    class Role(models.TextChoices):
        LISTENER = "listener", _("Listener")
        PARTICIPANT = "participant", _("Participant")
        FACILITATOR = "facilitator", _("Facilitator")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        DECLINED = "declined", _("Not approved")

    class FacilitatorKind(models.TextChoices):
        PEER = "peer", _("Peer facilitator")
        PROFESSIONAL = "professional", _("Professional facilitator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LISTENER)
    facilitator_kind = models.CharField(max_length=20, choices=FacilitatorKind.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    consented_version = models.ForeignKey(
        GuidelinesVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    status_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="unique_membership")]
        indexes = [models.Index(fields=["group", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FACILITATOR

    def has_current_consent(self) -> bool:
        current = self.group.current_guidelines()
        return current is None or self.consented_version_id == current.pk


class ConsentRecord(models.Model):
    """Who consented to which guidelines version, to what, and when. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="consent_records")
    guidelines_version = models.ForeignKey(
        GuidelinesVersion, on_delete=models.PROTECT, related_name="consent_records"
    )
    agreed_guidelines = models.BooleanField()
    agreed_confidentiality = models.BooleanField()
    agreed_crisis_policy = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} consented to {self.guidelines_version} at {self.created_at:%Y-%m-%d %H:%M}"


class WaitlistEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Place offered")
        JOINED = "joined", _("Joined")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="waitlist")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="one_open_waitlist_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} waiting for {self.group} ({self.status})"
