"""State changes of private outreach: opening a conversation, writing in it, staff reading it.

- Staff (the facilitators of the member's group, moderators, admins — as they are at that moment)
  open a conversation from a crisis alert, a held message or a report, and write to the member.
- The member is told at once in the app (a notice, delivered live) and by an e-mail that says
  only that a message is waiting. They answer in the same conversation.
- Every message is screened like any other: a crisis in the member's words raises (or adds to)
  a crisis alert, and the author sees crisis lines; a staff message that reads as abusive is
  refused. Nothing is held from the other side: the only readers are the member and the staff
  who would review it.
- Every staff read is written to the audit log, once per new content seen.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.core.audit import record_audit_event
from alongside.core.events import publish_on_commit
from alongside.core.links import absolute_url
from alongside.core.mail import send_mail
from alongside.core.models import AuditEntry
from alongside.groups import access
from alongside.notifications.queries import wants_email
from alongside.outreach import queries
from alongside.outreach.models import Conversation, OutreachMessage, Role
from alongside.safety import actions as safety
from alongside.safety.models import CrisisAlert, Notice, QueueItem
from alongside.safety.screening import Verdict, screen

SOURCE = "outreach_message"  # content source name for alerts raised from a member's reply
MAX_LENGTH = 4000
READ_AUDIT_WINDOW = timedelta(minutes=10)


class OutreachError(Exception):
    """Something that cannot be done; the message is for the person who tried."""


def role_of(user: Any, group: Any) -> str:
    """How a staff member is shown to the member: by the role that puts them in this conversation."""

    if group is not None and access.is_facilitator(user, group):
        return Role.FACILITATOR
    if user.is_moderator:
        return Role.MODERATOR
    return Role.ADMIN


@transaction.atomic
def start_conversation(
    actor: Any, *, alert: CrisisAlert | None = None, item: QueueItem | None = None
) -> Conversation:
    """Open (or reopen) the private conversation with the member an alert or a queue item is
    about. One conversation per member and group: a later alert continues the same one."""
    if (alert is None) == (item is None):
        raise OutreachError(_("Choose the alert or the message you are writing about."))
    member: Any
    if alert is not None:
        if not safety.can_handle_alert(actor, alert):
            raise OutreachError(
                _("Only this group's facilitators and moderators can contact this member.")
            )
        member, group = alert.member, alert.group
    else:
        assert item is not None
        if not safety.can_moderate(actor, item.group):
            raise OutreachError(
                _("Only this group's facilitators and moderators can contact this member.")
            )
        member, group = item.author, item.group
    if member is None or not member.is_active:
        raise OutreachError(_("This account is closed, so its member can't be reached here."))
    if member.pk == actor.pk:
        raise OutreachError(_("You can't open a private conversation with yourself."))
    # Two staff starting at once still make one conversation: lock the member's row.
    get_user_model().objects.select_for_update().filter(pk=member.pk).first()
    conversation = queries.open_for(member, group)
    if conversation is None:
        conversation = Conversation.objects.create(
            member=member, group=group, alert=alert, item=item, started_by=actor
        )
    else:
        conversation.alert = alert or conversation.alert
        conversation.item = item or conversation.item
        conversation.save(update_fields=["alert", "item"])
    record_audit_event(
        actor,
        "outreach.start",
        subject_user=member,
        group=group,
        conversation=conversation.pk,
        alert=alert.pk if alert else None,
        item=item.pk if item else None,
    )
    return conversation


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise OutreachError(_("The message is empty."))
    if len(text) > MAX_LENGTH:
        raise OutreachError(
            _("Please keep a message under %(n)s characters.") % {"n": f"{MAX_LENGTH:,}"}
        )
    return text


@transaction.atomic
def send_message(
    actor: Any, conversation: Conversation, text: str
) -> tuple[OutreachMessage, Verdict]:
    """Write in a conversation, as its member or as staff on it. Returns the stored message and
    the screen's verdict (its `author_notice` and `resources` are for the author, at once)."""
    text = _clean(text)
    if actor is None or not actor.is_authenticated:
        raise OutreachError(_("Please sign in."))
    is_member = actor.pk == conversation.member_id
    if not is_member and not queries.is_staff_for(actor, conversation):
        raise OutreachError(_("You can't write in this conversation."))
    verdict = screen(text, actor, conversation.group)
    if not is_member and verdict.abuse:
        raise OutreachError(
            _("This reads as hurtful, so it was not sent. Please put it differently.")
        )
    now = timezone.now()
    message = OutreachMessage.objects.create(
        conversation=conversation,
        author=actor,
        role=Role.MEMBER if is_member else role_of(actor, conversation.group),
        text=text,
        reasons=list(verdict.reasons) if is_member else [],
        created_at=now,
    )
    conversation.last_message_at = now
    conversation.save(update_fields=["last_message_at"])
    if is_member:
        _after_member_message(conversation, message, verdict)
    else:
        _after_staff_message(actor, conversation, message)
    publish_on_commit(
        "outreach.message",
        {"conversation_id": conversation.pk, "message_id": message.pk},
        user_ids=[conversation.member_id, *queries.staff_ids(conversation)],
    )
    return message, verdict


def _after_member_message(
    conversation: Conversation, message: OutreachMessage, verdict: Verdict
) -> None:
    member = conversation.member
    if verdict.crisis != "none" or verdict.method_detail:
        # A crisis in a reply raises the alert again (or adds to the open one): never silenced.
        alert = safety.raise_crisis_alert(
            member,
            level=verdict.crisis if verdict.crisis != "none" else "concern",
            group=conversation.group,
            source=SOURCE,
            object_id=message.pk,
            summary=_("A reply in a private conversation, screened: %(reasons)s")
            % {"reasons": "; ".join(verdict.reasons) or verdict.crisis},
            score=verdict.crisis_score,
            reasons=list(verdict.reasons),
        )
        if conversation.alert_id != alert.pk:
            conversation.alert = alert
            conversation.save(update_fields=["alert"])
    elif getattr(verdict, "second_look", False) and not verdict.abuse:
        safety.request_second_look(SOURCE, message.pk)
    # Tell the staff who have written here (or opened it) that the member answered.
    staff_ids = set(
        conversation.messages.exclude(role=Role.MEMBER)
        .exclude(author=None)
        .values_list("author_id", flat=True)
    )
    if conversation.started_by_id:
        staff_ids.add(conversation.started_by_id)
    for person in get_user_model().objects.filter(pk__in=staff_ids, is_active=True):
        if not queries.is_staff_for(person, conversation):
            continue
        with translation.override(person.ui_language or settings.LANGUAGE_CODE):
            _tell(
                person,
                conversation,
                _("%(handle)s replied to your private message.") % {"handle": member.handle},
                subject=_("A member replied to your private message"),
                email_body=_(
                    "A member replied to a private message you sent in Alongside. "
                    "Sign in to read it:"
                ),
            )


def _after_staff_message(actor: Any, conversation: Conversation, message: OutreachMessage) -> None:
    member = conversation.member
    record_audit_event(
        actor,
        "outreach.send",
        subject_user=member,
        group=conversation.group,
        conversation=conversation.pk,
        message=message.pk,
    )
    alert = conversation.alert
    if alert is not None and alert.is_open and alert.acknowledged_at is None:
        # Writing to the member is acting on the alert: it stops escalating.
        safety.acknowledge_alert(
            actor, alert, note=_("Wrote to the member privately in Alongside.")
        )
    with translation.override(member.ui_language or settings.LANGUAGE_CODE):
        role = Role(message.role).label
        _tell(
            member,
            conversation,
            _("%(handle)s (%(role)s) sent you a private message.")
            % {"handle": actor.handle, "role": role},
            subject=_("You have a private message in Alongside"),
            email_body=_(
                "Someone from Alongside has written to you privately. For your privacy this "
                "e-mail does not contain the message. Sign in to read it:"
            ),
        )


def _tell(
    person: Any, conversation: Conversation, text: str, *, subject: str, email_body: str
) -> None:
    """A notice in the app (live on any open page) and a content-free e-mail, unless they
    already have an unread notice about this conversation."""
    url = conversation.get_absolute_url()
    if Notice.objects.filter(user=person, url=url, read_at__isnull=True).exists():
        return
    safety.notify(
        person,
        text,
        url=url,
        email=False,
        kind="outreach",
        target="conversation",
        target_id=conversation.pk,
    )
    if wants_email(person, "outreach"):
        body = f"{email_body}\n\n{absolute_url(url)}"
        address = person.email
        transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def read_conversation(reader: Any, conversation: Conversation) -> list[OutreachMessage]:
    """The messages, for their member or for staff on it. A staff read is audited — once per
    new content: reloading the same messages (after sending, or a live refresh) within a few
    minutes is the same viewing. The member's own read marks their notices about it as read."""
    if not queries.can_read(reader, conversation):
        raise OutreachError(
            _("Only the member and the staff on their safety can read this conversation.")
        )
    messages = list(conversation.messages.select_related("author"))
    if reader.pk == conversation.member_id:
        Notice.objects.filter(
            user=reader, url=conversation.get_absolute_url(), read_at__isnull=True
        ).update(read_at=timezone.now())
        return messages
    through = max((m.pk for m in messages if m.author_id != reader.pk), default=0)
    recent = (
        AuditEntry.objects.filter(
            actor=reader,
            action="outreach.read",
            created_at__gte=timezone.now() - READ_AUDIT_WINDOW,
            details__conversation=conversation.pk,
        )
        .order_by("-id")
        .values_list("details", flat=True)
        .first()
    )
    if not recent or recent.get("through") != through:
        record_audit_event(
            reader,
            "outreach.read",
            subject_user=conversation.member,
            group=conversation.group,
            conversation=conversation.pk,
            through=through,
            messages=len(messages),
        )
    Notice.objects.filter(
        user=reader, url=conversation.get_absolute_url(), read_at__isnull=True
    ).update(read_at=timezone.now())
    return messages
