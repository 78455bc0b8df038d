"""Every state change of the groups app. Views, the API, the CLI and tasks call these."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.language import in_language_of
from alongside.core.audit import record_audit_event
from alongside.core.links import absolute_url
from alongside.core.mail import send_mail
from alongside.groups import access
from alongside.groups.guideline_templates import default_guidelines_text
from alongside.groups.models import (
    ConsentRecord,
    Group,
    GroupLanguage,
    GuidelinesVersion,
    Membership,
    WaitlistEntry,
)
from alongside.groups.queries import member_count, open_offer_count
from alongside.groups.signals import (
    facilitator_role_changed,
    group_language_changed,
    membership_ended,
    membership_started,
)

# How long a freed place is held for the person at the top of the waitlist.
WAITLIST_OFFER_HOURS = 72


class GroupActionError(Exception):
    """A request that cannot be carried out, with a message fit to show the person."""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "group"
    slug, n = base, 2
    while Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def _check_language(fields: dict[str, Any]) -> None:
    """A group's language is a code from the list (GroupLanguage), never free text: "ENGLISH"
    would drop the group from the directory's filter and from matching."""
    if "language" in fields and fields["language"] not in GroupLanguage.values:
        raise GroupActionError(
            _("Choose the group's language from the list (%(codes)s).")
            % {"codes": ", ".join(GroupLanguage.values)}
        )


def create_group(
    *,
    creator: Any,
    name: str,
    guidelines_text: str | None = None,
    facilitator_kind: str = Membership.FacilitatorKind.PEER,
    **fields: Any,
) -> Group:
    """Create a group with guidelines v1; the creator becomes its facilitator."""
    _check_language(fields)
    group = Group.objects.create(
        name=name, slug=fields.pop("slug", None) or _unique_slug(name), created_by=creator, **fields
    )
    with translation.override(group.language or None):  # guidelines are in the group's language
        version = GuidelinesVersion.objects.create(
            group=group,
            version=1,
            text=guidelines_text or default_guidelines_text(group.language),
            change_note=_("First version"),
            created_by=creator,
        )
    if creator is not None:
        Membership.objects.create(
            user=creator,
            group=group,
            role=Membership.Role.FACILITATOR,
            facilitator_kind=facilitator_kind,
            consented_version=version,
        )
        access.forget_membership_cache(creator)
    return group


@transaction.atomic
def update_group(group: Group, *, editor: Any, **fields: Any) -> Group:
    _check_language(fields)
    old_language = group.language
    for name, value in fields.items():
        setattr(group, name, value)
    group.save()
    if group.language != old_language:
        group_language_changed.send(sender=Group, group=group, old_language=old_language)
    return group


@transaction.atomic
def publish_guidelines(
    group: Group, *, editor: Any, text: str, change_note: str = ""
) -> GuidelinesVersion:
    """Edit the guidelines: a new version every member must agree to before posting again."""
    text = text.strip()
    if not text:
        raise GroupActionError(_("The guidelines cannot be empty."))
    current = group.current_guidelines()
    if current is not None and current.text.strip() == text:
        raise GroupActionError(_("The guidelines are unchanged, so no new version was made."))
    version = GuidelinesVersion.objects.create(
        group=group,
        version=(current.version + 1) if current else 1,
        text=text,
        change_note=change_note,
        created_by=editor,
    )
    # The editor has read what they wrote.
    Membership.objects.filter(group=group, user=editor, status=Membership.Status.ACTIVE).update(
        consented_version=version
    )
    access.forget_membership_cache(editor)
    return version


def _record_consent(
    user: Any, group: Group, version: GuidelinesVersion, **agreed: bool
) -> ConsentRecord:
    missing = [k for k in ("guidelines", "confidentiality", "crisis_policy") if not agreed.get(k)]
    if missing:
        raise GroupActionError(
            _(
                "Please tick every box to agree: the guidelines, confidentiality and the crisis policy."
            )
        )
    return ConsentRecord.objects.create(
        user=user,
        group=group,
        guidelines_version=version,
        agreed_guidelines=True,
        agreed_confidentiality=True,
        agreed_crisis_policy=True,
    )


def _has_room(group: Group, user: Any) -> bool:
    offered_to_user = WaitlistEntry.objects.filter(
        group=group, user=user, status=WaitlistEntry.Status.OFFERED
    ).exists()
    if offered_to_user:
        return True
    return member_count(group) + open_offer_count(group) < group.capacity


@transaction.atomic
def join_group(
    user: Any,
    group: Group,
    *,
    guidelines_version_id: int,
    guidelines: bool,
    confidentiality: bool,
    crisis_policy: bool,
) -> Membership:
    """Informed consent, then membership as a listener (or a request, for invite-only groups)."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    access.forget_membership_cache(user)
    decision = access.join_decision(user, group)
    if not decision:
        raise GroupActionError(decision.reason)
    version = group.current_guidelines()
    if version is None or version.pk != guidelines_version_id:
        raise GroupActionError(
            _("The guidelines changed while you were reading them. Please read the new version.")
        )
    expire_waitlist_offers(group)
    needs_approval = group.visibility == "invite_only"
    if not needs_approval and not _has_room(group, user):
        raise GroupActionError(_("This group is full. You can join the waitlist instead."))
    _record_consent(
        user,
        group,
        version,
        guidelines=guidelines,
        confidentiality=confidentiality,
        crisis_policy=crisis_policy,
    )
    membership, _created = Membership.objects.update_or_create(
        user=user,
        group=group,
        defaults={
            "role": Membership.Role.LISTENER,
            "status": Membership.Status.PENDING if needs_approval else Membership.Status.ACTIVE,
            "consented_version": version,
            "joined_at": timezone.now(),
            "status_reason": "",
        },
    )
    WaitlistEntry.objects.filter(
        group=group,
        user=user,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).update(status=WaitlistEntry.Status.JOINED)
    access.forget_membership_cache(user)
    if needs_approval:
        _notify_facilitators_of_request(group, user)
    else:
        membership_started.send(sender=Membership, membership=membership)
    return membership


@transaction.atomic
def consent_to_guidelines(
    user: Any,
    group: Group,
    *,
    guidelines_version_id: int,
    guidelines: bool,
    confidentiality: bool,
    crisis_policy: bool,
) -> Membership:
    """An existing member agrees to the current guidelines version (after an edit)."""
    membership = Membership.objects.select_for_update().filter(user=user, group=group).first()
    if membership is None or membership.status not in (
        Membership.Status.ACTIVE,
        Membership.Status.PENDING,
    ):
        raise GroupActionError(_("You are not a member of this group."))
    version = group.current_guidelines()
    if version is None or version.pk != guidelines_version_id:
        raise GroupActionError(
            _("The guidelines changed while you were reading them. Please read the new version.")
        )
    _record_consent(
        user,
        group,
        version,
        guidelines=guidelines,
        confidentiality=confidentiality,
        crisis_policy=crisis_policy,
    )
    membership.consented_version = version
    membership.save(update_fields=["consented_version", "updated_at"])
    access.forget_membership_cache(user)
    return membership


def _active_membership(user: Any, group: Group) -> Membership:
    membership = Membership.objects.filter(
        user=user, group=group, status=Membership.Status.ACTIVE
    ).first()
    if membership is None:
        raise GroupActionError(_("You are not a member of this group."))
    return membership


def start_sharing(user: Any, group: Group) -> Membership:
    """A listener chooses to become a participant who may post."""
    membership = _active_membership(user, group)
    if membership.role == Membership.Role.LISTENER:
        membership.role = Membership.Role.PARTICIPANT
        membership.save(update_fields=["role", "updated_at"])
    access.forget_membership_cache(user)
    return membership


def go_back_to_listening(user: Any, group: Group) -> Membership:
    membership = _active_membership(user, group)
    if membership.role == Membership.Role.PARTICIPANT:
        membership.role = Membership.Role.LISTENER
        membership.save(update_fields=["role", "updated_at"])
    access.forget_membership_cache(user)
    return membership


def _end_membership(
    membership: Membership, status: str, reason: str = "", *, told: bool = True
) -> None:
    """The one way a membership ends: the apps that care are told (meetings give up the person's
    places, outcomes withdraws the group's check-ins) and the freed place goes to the waitlist."""
    membership.status = status
    membership.status_reason = reason
    membership.save(update_fields=["status", "status_reason", "updated_at"])
    access.forget_membership_cache(membership.user)
    membership_ended.send(
        sender=Membership,
        user=membership.user,
        group=membership.group,
        status=status,
        reason=reason,
        told=told,
    )
    offer_freed_places(membership.group)


@transaction.atomic
def leave_group(user: Any, group: Group, reason: str = "") -> None:
    """Leaving is always one step and always allowed."""
    membership = (
        Membership.objects.select_for_update()
        .filter(
            user=user, group=group, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        )
        .select_related("group", "user")
        .first()
    )
    WaitlistEntry.objects.filter(
        group=group,
        user=user,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).update(status=WaitlistEntry.Status.CANCELLED)
    access.forget_membership_cache(user)
    if membership is not None:
        _end_membership(membership, Membership.Status.LEFT, reason)
    else:
        offer_freed_places(group)  # a place held for them on the waitlist is free again


@transaction.atomic
def leave_all_groups(user: Any, reason: str) -> None:
    """End every membership and waitlist place of a person (their account is being erased)."""
    groups = {
        m.group
        for m in Membership.objects.filter(
            user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        ).select_related("group")
    }
    groups |= {
        e.group
        for e in WaitlistEntry.objects.filter(
            user=user, status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED]
        ).select_related("group")
    }
    for group in sorted(groups, key=lambda g: g.pk):
        leave_group(user, group, reason=reason)


@transaction.atomic
def end_memberships_outside_age_band(user: Any) -> list[Membership]:
    """After an age-band change: leave the groups that would now mix youth and adults
    (facilitators stay: their role is checked separately)."""
    ended = []
    for m in (
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .exclude(role=Membership.Role.FACILITATOR)
        .select_related("group", "user")
    ):
        if not access.age_decision(user, m.group):
            _end_membership(m, Membership.Status.LEFT, "age band changed")
            ended.append(m)
    access.forget_membership_cache(user)
    return ended


def _managed_membership(
    actor: Any, group: Group, member_id: int, *, moderation: bool = False
) -> Membership:
    # A moderation decision (safety) may also come from a site moderator.
    allowed = access.can_manage(actor, group) or (
        moderation and access.is_group_staff(actor, group)
    )
    if not allowed:
        raise GroupActionError(_("Only this group's facilitators can do that."))
    membership = (
        Membership.objects.filter(group=group, user_id=member_id).select_related("user").first()
    )
    if membership is None:
        raise GroupActionError(_("That person is not in this group."))
    return membership


@transaction.atomic
def approve_member(actor: Any, group: Group, member_id: int) -> Membership:
    membership = _managed_membership(actor, group, member_id)
    if membership.status != Membership.Status.PENDING:
        raise GroupActionError(_("There is no request to approve."))
    if member_count(group) >= group.capacity:
        raise GroupActionError(_("The group is full. Raise its capacity or wait for a place."))
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status", "updated_at"])
    membership_started.send(sender=Membership, membership=membership)
    _email(
        membership.user,
        gettext_lazy("You have joined %(group)s"),
        gettext_lazy(
            "A facilitator approved your request to join %(group)s. You join as a listener: "
            "read along, and start sharing whenever you're ready."
        ),
        url=group.get_absolute_url(),
        group=group.name,
    )
    return membership


def decline_member(actor: Any, group: Group, member_id: int, reason: str = "") -> Membership:
    membership = _managed_membership(actor, group, member_id)
    if membership.status != Membership.Status.PENDING:
        raise GroupActionError(_("There is no request to decline."))
    membership.status = Membership.Status.DECLINED
    membership.status_reason = reason
    membership.save(update_fields=["status", "status_reason", "updated_at"])
    return membership


@transaction.atomic
def remove_member(
    actor: Any, group: Group, member_id: int, reason: str, *, as_moderation: bool = False
) -> Membership:
    """A facilitator (or admin) removes a member. `as_moderation`: a moderation decision from the
    safety queue, which moderators may take too and which tells the member itself (with the appeal)."""
    if not reason.strip():
        raise GroupActionError(_("Please give a reason: the member will see it."))
    membership = _managed_membership(actor, group, member_id, moderation=as_moderation)
    if membership.user_id == actor.pk:
        raise GroupActionError(_("You cannot remove yourself; use 'Leave group'."))
    if membership.status != Membership.Status.ACTIVE:
        raise GroupActionError(_("That person is not an active member."))
    # A moderation decision tells the member itself (with the appeal); a facilitator's removal is
    # told by e-mail below and, in the app, by safety's notice (told=False).
    _end_membership(membership, Membership.Status.REMOVED, reason.strip(), told=as_moderation)
    record_audit_event(
        actor,
        "group.remove_member",
        subject_user=membership.user,
        group=group,
        reason=reason.strip(),
    )
    if not as_moderation:
        _email(
            membership.user,
            gettext_lazy("About your membership of %(group)s"),
            gettext_lazy(
                "A facilitator removed you from %(group)s. Their reason: %(reason)s\n\n"
                "If you think this is a mistake you can reply to a moderator."
            ),
            group=group.name,
            reason=reason.strip(),
        )
    return membership


@transaction.atomic
def appoint_facilitator(
    actor: Any, group: Group, member_id: int, kind: str = Membership.FacilitatorKind.PEER
) -> Membership:
    """A facilitator (or an admin) makes an active member a co-facilitator: they have agreed to
    the guidelines as a member already. Facilitators are adults (a youth group's too). Their
    facilitator tools need two-factor when staff MFA is required (accounts/roles.py)."""
    membership = _managed_membership(actor, group, member_id)
    if kind not in Membership.FacilitatorKind.values:
        raise GroupActionError(_("Choose peer or professional facilitator."))
    if membership.status != Membership.Status.ACTIVE:
        raise GroupActionError(_("Only an active member can become a facilitator."))
    if membership.role == Membership.Role.FACILITATOR:
        raise GroupActionError(_("That person is a facilitator already."))
    if membership.user.is_youth:
        raise GroupActionError(_("Facilitators must be adults."))
    membership.role = Membership.Role.FACILITATOR
    membership.facilitator_kind = kind
    membership.save(update_fields=["role", "facilitator_kind", "updated_at"])
    access.forget_membership_cache(membership.user)
    record_audit_event(
        actor, "group.appoint_facilitator", subject_user=membership.user, group=group, kind=kind
    )
    facilitator_role_changed.send(
        sender=Membership, membership=membership, actor=actor, appointed=True
    )
    _email(
        membership.user,
        gettext_lazy("You are now a facilitator of %(group)s"),
        gettext_lazy(
            "You can now approve requests to join, look after the group's guidelines and meetings, "
            "and you will be told when someone in the group may need help."
        ),
        url=group.get_absolute_url(),
        group=group.name,
    )
    return membership


@transaction.atomic
def end_facilitation(actor: Any, group: Group, member_id: int) -> Membership:
    """A facilitator steps down (or an admin, or a co-facilitator, ends their role): they stay in
    the group as a member. The last facilitator cannot: crisis alerts need someone here."""
    membership = _managed_membership(actor, group, member_id)
    if (
        membership.role != Membership.Role.FACILITATOR
        or membership.status != Membership.Status.ACTIVE
    ):
        raise GroupActionError(_("That person is not a facilitator of this group."))
    others = (
        Membership.objects.select_for_update()
        .filter(group=group, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise GroupActionError(
            _("A group needs at least one facilitator: appoint another before this one steps down.")
        )
    membership.role = Membership.Role.PARTICIPANT
    membership.facilitator_kind = ""
    membership.save(update_fields=["role", "facilitator_kind", "updated_at"])
    access.forget_membership_cache(membership.user)
    record_audit_event(actor, "group.end_facilitation", subject_user=membership.user, group=group)
    facilitator_role_changed.send(
        sender=Membership, membership=membership, actor=actor, appointed=False
    )
    if membership.user_id != actor.pk:
        _email(
            membership.user,
            gettext_lazy("About your role in %(group)s"),
            gettext_lazy("You are no longer a facilitator of %(group)s. You are still a member."),
            url=group.get_absolute_url(),
            group=group.name,
        )
    return membership


@transaction.atomic
def join_waitlist(user: Any, group: Group) -> WaitlistEntry:
    decision = access.join_decision(user, group)
    if not decision:
        raise GroupActionError(decision.reason)
    entry, _created = WaitlistEntry.objects.get_or_create(
        user=user,
        group=group,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        defaults={"status": WaitlistEntry.Status.WAITING},
    )
    return entry


def leave_waitlist(user: Any, group: Group) -> None:
    WaitlistEntry.objects.filter(
        user=user,
        group=group,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).update(status=WaitlistEntry.Status.CANCELLED)
    offer_freed_places(group)


def expire_waitlist_offers(group: Group) -> None:
    cutoff = timezone.now() - timedelta(hours=WAITLIST_OFFER_HOURS)
    WaitlistEntry.objects.filter(
        group=group, status=WaitlistEntry.Status.OFFERED, offered_at__lt=cutoff
    ).update(status=WaitlistEntry.Status.EXPIRED)


def expire_waitlist_holds() -> list[WaitlistEntry]:
    """The periodic job: every place held longer than WAITLIST_OFFER_HOURS is offered to the next
    person waiting. Returns the new offers."""
    cutoff = timezone.now() - timedelta(hours=WAITLIST_OFFER_HOURS)
    lapsed = (
        WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offered_at__lt=cutoff)
        .values_list("group_id", flat=True)
        .distinct()
    )
    offered: list[WaitlistEntry] = []
    for group in Group.objects.filter(pk__in=list(lapsed)).order_by("pk"):
        with transaction.atomic():
            group = Group.objects.select_for_update().get(pk=group.pk)  # one offer per place
            offered += offer_freed_places(group)
    return offered


def offer_freed_places(group: Group) -> list[WaitlistEntry]:
    """Hold each free place for the next person waiting, and tell them by e-mail."""
    expire_waitlist_offers(group)
    free = group.capacity - member_count(group) - open_offer_count(group)
    offered = []
    for entry in WaitlistEntry.objects.filter(
        group=group, status=WaitlistEntry.Status.WAITING
    ).select_related("user")[: max(free, 0)]:
        entry.status = WaitlistEntry.Status.OFFERED
        entry.offered_at = timezone.now()
        entry.save(update_fields=["status", "offered_at"])
        offered.append(entry)
        _email(
            entry.user,
            gettext_lazy("A place is free in %(group)s"),
            gettext_lazy(
                "A place has opened in %(group)s and is held for you for %(hours)s hours. "
                "Visit the group's page to read what to expect and join."
            ),
            url=group.get_absolute_url(),
            group=group.name,
            hours=WAITLIST_OFFER_HOURS,
        )
    return offered


def _notify_facilitators_of_request(group: Group, user: Any) -> None:
    for m in Membership.objects.filter(
        group=group, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
    ).select_related("user"):
        _email(
            m.user,
            gettext_lazy("Request to join %(group)s"),
            gettext_lazy(
                "%(handle)s asked to join %(group)s. Review the request on the group's manage page."
            ),
            url=reverse("groups:manage", args=[group.slug]),
            handle=user.handle,
            group=group.name,
        )


def _email(user: Any, subject: Any, body: Any, url: str = "", **params: Any) -> None:
    """E-mail one person in their own language (not the language of whoever caused it)."""
    with in_language_of(user):
        subject_text, body_text = str(subject) % params, str(body) % params
    if url:
        body_text += "\n\n" + absolute_url(url)
    # After commit, so a rolled-back change never sends mail.
    transaction.on_commit(
        lambda: send_mail(subject_text, body_text, None, [user.email], fail_silently=True)
    )
