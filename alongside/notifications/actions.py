"""Every change to notifications: telling people, marking read, e-mail preferences.

`notify` is called by the actions that cause a notification (a reply, a mention, a meeting
reminder, a moderation notice, an outreach message). It does its work once the caller's
transaction commits — nobody is told about something rolled back — and then, for each recipient:
never the person who caused it; only someone who may see the group's content *now*; the text in
the recipient's language; a live frame to their open pages (core.personal); and, if they chose
that kind (queries.email_kinds), a content-free e-mail (no handle, group or words: sign in to read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from alongside.accounts.language import in_language_of
from alongside.accounts.models import User
from alongside.core.events import publish_on_commit
from alongside.core.links import absolute_url
from alongside.core.mail import send_mail
from alongside.groups.models import Group
from alongside.notifications import access, queries
from alongside.notifications.models import EmailPreference, Kind, Notification

log = logging.getLogger(__name__)

NEW = "notification.new"
READ = "notification.read"

Message = str | Promise | Callable[[Any], str]


class NotificationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def notify(
    recipients: Iterable[Any],
    kind: str,
    message: Message,
    params: dict[str, Any] | None = None,
    *,
    url: str = "",
    group: Any = None,
    target: str = "",
    target_id: int | None = None,
    actor: Any = None,
    email: bool = True,
) -> None:
    """Tell these people, once the current transaction commits (at once outside one).

    `message`: a translatable string with %(name)s placeholders filled from `params` in each
    recipient's language, a callable(user) -> text, or text already written for them. It must not
    quote anything a member wrote. `email=False`: the caller sends its own e-mail (meetings,
    safety, outreach) and asks `queries.wants_email` first."""
    ids = sorted({int(getattr(u, "pk", u)) for u in recipients if u is not None})
    if actor is not None:
        ids = [i for i in ids if i != actor.pk]
    if not ids:
        return
    kind = Kind(kind).value
    group_id = getattr(group, "pk", group)
    actor_id = getattr(actor, "pk", None)

    def deliver() -> None:
        try:
            _deliver(
                ids,
                kind,
                message,
                params or {},
                url=url,
                group_id=group_id,
                target=target,
                target_id=target_id,
                actor_id=actor_id,
                email=email,
            )
        except Exception:  # the action that caused it has committed: never undo it from here
            log.exception("notifying %s people (%s) failed", len(ids), kind)

    transaction.on_commit(deliver)


def _text(message: Message, params: dict[str, Any], user: Any) -> str:
    if callable(message) and not isinstance(message, Promise):
        return str(message(user))
    text = str(message)
    return text % params if params else text


def _deliver(
    ids: list[int],
    kind: str,
    message: Message,
    params: dict[str, Any],
    *,
    url: str,
    group_id: int | None,
    target: str,
    target_id: int | None,
    actor_id: int | None,
    email: bool,
) -> None:

    group = Group.objects.filter(pk=group_id).first() if group_id else None
    if group_id and group is None:
        return
    with transaction.atomic():
        for user in User.objects.filter(pk__in=ids, is_active=True):
            with in_language_of(user):
                text = _text(message, params, user)[:500]
            notification = Notification(
                user=user,
                kind=kind,
                text=text,
                url=url[:300],
                group=group,
                target=target,
                target_id=target_id,
                actor_id=actor_id,
            )
            if not access.can_open(user, notification):
                continue  # e.g. a reply held since: nobody else is told about it
            notification.save()
            publish_on_commit(NEW, {"notification_id": notification.pk}, user_ids=[user.pk])
            if email and queries.wants_email(user, kind):
                _email(user, notification)


EMAIL_SUBJECTS = {
    Kind.REPLY: lambda: _("Someone replied to you in Alongside"),
    Kind.MENTION: lambda: _("Someone mentioned you in Alongside"),
    Kind.MEETING: lambda: _("News about a meeting in Alongside"),
    Kind.MODERATION: lambda: _("A message from Alongside"),
    Kind.OUTREACH: lambda: _("You have a private message in Alongside"),
}


def _email(user: Any, notification: Notification) -> None:
    """Content-free: what kind of thing happened and a link that checks access when opened."""
    with in_language_of(user):
        subject = EMAIL_SUBJECTS[Kind(notification.kind)]()
        intro = _(
            "You have a new notification in Alongside. For your privacy this e-mail does not "
            "say who or what it is about. Sign in to read it:"
        )
        choose = _("You can choose which notifications also come by e-mail:")
        body = (
            f"{intro}\n\n{absolute_url(reverse('notifications:open', args=[notification.pk]))}\n\n"
            f"{choose}\n{absolute_url(reverse('notifications:settings'))}"
        )
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def mark_read(user: Any, notification: Notification) -> Notification:
    if notification.user_id != user.pk:
        raise NotificationError(_("That notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        publish_on_commit(READ, {}, user_ids=[user.pk])  # the count on their other pages
    return notification


def mark_all_read(user: Any) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        publish_on_commit(READ, {}, user_ids=[user.pk])
    return count


def set_email_kinds(user: Any, kinds: Iterable[str]) -> EmailPreference:
    chosen = list(kinds)
    unknown = [k for k in chosen if k not in Kind.values]
    if unknown:
        raise NotificationError(
            _("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)}
        )
    ordered = [k for k in Kind.values if k in chosen]
    pref, _created = EmailPreference.objects.update_or_create(
        user=user, defaults={"kinds": ordered, "updated_at": timezone.now()}
    )
    return pref
