"""State changes of the safety app: crisis alerts, the moderation queue, reports, restrictions,
appeals. Every staff read of sensitive data and every moderation step is audited here."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_tasks import task

from alongside.accounts.actions import (
    AgeBandRequestError,
    finish_deferred_erasure,
    settle_age_band_request,
)
from alongside.accounts.language import in_language_of
from alongside.accounts.models import AgeBand
from alongside.accounts.privacy import ErasureHold
from alongside.accounts.queries import time_zone_of
from alongside.accounts.roles import acts_as_site_staff
from alongside.core.audit import record_audit_event
from alongside.core.events import publish_on_commit
from alongside.core.language import priors_of
from alongside.core.links import absolute_url
from alongside.core.mail import send_mail
from alongside.groups import access
from alongside.groups.actions import (
    GroupActionError,
    end_memberships_outside_age_band,
    remove_member,
)
from alongside.groups.models import Membership
from alongside.notifications import actions as notifications
from alongside.notifications.queries import wants_email
from alongside.safety import content, queries, second_look
from alongside.safety.content import SOURCES, lookup
from alongside.safety.crisis_lines import lines_for
from alongside.safety.deadlines import ack_minutes
from alongside.safety.models import (
    AlertNote,
    Appeal,
    CrisisAlert,
    Notice,
    QueueItem,
    Restriction,
    Sanction,
)

TOP_TIER = 3
MUTE_CHOICES_MINUTES = (60, 24 * 60, 7 * 24 * 60)


class SafetyActionError(Exception):
    """A moderation step that cannot be done; the message is for the person who tried."""


# --- notifying people ---


def _email(user: Any, subject: str, body: str) -> None:
    if not getattr(user, "email", ""):
        return
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email], fail_silently=True))


@contextmanager
def for_person(user: Any) -> Iterator[None]:
    """Write to a person in their own language (accounts.language: their choice, else their
    profile's) and time zone: a request speaks the actor's, a worker none."""
    with in_language_of(user), timezone.override(time_zone_of(user)):
        yield


def excerpt(source: str, object_id: int | None, length: int = 80) -> str:
    """A short quotation of a message, for the notices about it ("" if it is gone)."""
    ref = lookup(source, object_id) if source and object_id else None
    if ref is None or not ref.text.strip():
        return ""
    return Truncator(" ".join(ref.text.split())).chars(length)


def notify(
    user: Any,
    text: str,
    *,
    url: str = "",
    subject: str = "",
    email: bool = True,
    about: tuple[str, int | None] | None = None,
    kind: str = "moderation",
    target: str = "",
    target_id: int | None = None,
) -> Notice:
    """An in-app notice and (by default, unless they turned e-mails of this `kind` off) an e-mail to
    one person; it also goes to their notification centre. `about` (source, object id): the
    message it concerns, quoted briefly in the notice only until its author removes or erases it
    (forget_quotes). A member's words never go out by e-mail nor into the notification centre.
    Callers write `text` and `subject` inside `for_person(user)`: the recipient's language."""
    with in_language_of(user):
        source, object_id = about or ("", None)
        notice = Notice.objects.create(
            user=user,
            text=text,
            url=url,
            quote=excerpt(source, object_id),
            about_source=source,
            about_id=object_id,
        )
        # Live on whatever page they have open (the per-person channel), not only at the next load.
        publish_on_commit("safety.notice", {"notice_id": notice.pk}, user_ids=[user.pk])
        notifications.notify(
            [user], kind, text, url=url, target=target, target_id=target_id, email=False
        )
        if email and wants_email(user, kind):
            body = f"{text}\n\n{absolute_url(url)}" if url else text
            _email(user, subject or _("A message from Alongside"), body)
    return notice


def forget_quotes(source: str, object_ids: list[int]) -> int:
    """Its author removed or erased these messages: the notices about them stop quoting them
    (the notices themselves stay: a decision or an outcome is still the reader's to know)."""
    if not object_ids:
        return 0
    return Notice.objects.filter(about_source=source, about_id__in=object_ids).update(quote="")


# --- crisis alerts ---


def tier_recipients(alert: CrisisAlert, tier: int | None = None) -> list[Any]:
    """Who is alerted at a tier. 1: the group's facilitators and the on-call moderators;
    2: all moderators; 3: all moderators and admins. A tier with nobody in it falls through
    to the next, so an alert never goes nowhere."""
    User = get_user_model()
    tier = tier or alert.tier
    people: list[Any] = []
    while tier <= TOP_TIER and not people:
        if tier == 1:
            if alert.group_id:
                people += [
                    m.user
                    for m in Membership.objects.filter(
                        group_id=alert.group_id,
                        role=Membership.Role.FACILITATOR,
                        status=Membership.Status.ACTIVE,
                    ).select_related("user")
                ]
            people += list(User.objects.filter(is_moderator=True, is_on_call=True, is_active=True))
        elif tier == 2:
            people += list(User.objects.filter(is_moderator=True, is_active=True))
        else:
            people += list(
                User.objects.filter(Q(is_moderator=True) | Q(is_superuser=True), is_active=True)
            )
        tier += 1
    unique = {p.pk: p for p in people if p.pk != alert.member_id}
    return list(unique.values())


def _send_alert_emails(alert: CrisisAlert, escalated: bool = False) -> None:
    url = absolute_url(reverse("safety:alert", args=[alert.pk]))
    minutes = ack_minutes(alert.level)
    for person in tier_recipients(alert):
        with in_language_of(person):  # each member of staff in their own language
            level = alert.get_level_display()
            where = alert.group.name if alert.group else _("outside a group (e.g. a questionnaire)")
            if escalated:
                subject = _("ESCALATED crisis alert (%(level)s): not acknowledged in time") % {
                    "level": level
                }
            else:
                subject = _(
                    "Crisis alert (%(level)s): please acknowledge within %(minutes)s minutes"
                ) % {"level": level, "minutes": minutes}
            body = _(
                "A member (%(handle)s) in %(where)s may be in crisis (%(level)s).\n\n"
                "Please open the safety dashboard, acknowledge the alert and contact them privately:\n%(url)s\n\n"
                "If it is not acknowledged within %(minutes)s minutes it goes to the next tier."
            ) % {
                "handle": alert.member.handle,
                "where": where,
                "level": level,
                "url": url,
                "minutes": minutes,
            }
        _email(person, subject, body)


def _alert_changed(alert: CrisisAlert, change: str) -> None:
    """After the commit, tell the open pages of everyone who may act on the alert (their on-call
    banner and dashboard): raised, repeated, escalated, acknowledged, contacted, resolved."""
    publish_on_commit(
        "safety.alert",
        {"alert_id": alert.pk, "change": change, "level": alert.level},
        user_ids=queries.alert_watchers(alert),
    )


def can_handle_alert(user: Any, alert: CrisisAlert) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_site_staff:
        return True
    return alert.group is not None and access.is_facilitator(user, alert.group)


@transaction.atomic
def raise_crisis_alert(
    member: Any,
    *,
    level: str,
    group: Any = None,
    source: str = "",
    object_id: int | None = None,
    summary: str = "",
    score: float = 0.0,
    reasons: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> CrisisAlert:
    """Alert the group's facilitators and on-call moderators that a member may be in crisis.

    Callers: screened messages (via respond_to_screened_content) and PHQ-9 item 9 (outcomes,
    possibly with group=None: then the on-call moderators are alerted). One open alert per
    member and group: a further message adds to it (and raises its level if higher)."""
    if level not in ("concern", "high"):
        level = "concern"
    now = now or timezone.now()
    existing = (
        CrisisAlert.objects.select_for_update()
        .filter(member=member, group=group)
        .exclude(status=CrisisAlert.Status.RESOLVED)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        AlertNote.objects.create(
            alert=existing,
            kind=AlertNote.Kind.REPEATED,
            created_at=now,
            text=summary
            or _("Another message (%(source)s #%(id)s)") % {"source": source, "id": object_id},
        )
        if level == "high" and existing.level != "high":
            existing.level = "high"
            existing.save(update_fields=["level"])
            if existing.acknowledged_at is None:
                _send_alert_emails(existing)
        record_audit_event(
            None,
            "safety.crisis_alert.repeat",
            subject_user=member,
            group=group,
            alert=existing.pk,
            level=level,
            source=source,
            object_id=object_id,
        )
        _alert_changed(existing, "repeated")
        return existing
    alert = CrisisAlert.objects.create(
        member=member,
        group=group,
        level=level,
        source=source,
        object_id=object_id,
        summary=summary,
        score=score,
        reasons=list(reasons),
        created_at=now,
    )
    record_audit_event(
        None,
        "safety.crisis_alert",
        subject_user=member,
        group=group,
        alert=alert.pk,
        level=level,
        source=source,
        object_id=object_id,
    )
    _send_alert_emails(alert)
    _alert_changed(alert, "raised")
    return alert


CHECK_IN_MESSAGE_MAX = 500


@transaction.atomic
def request_check_in(
    member: Any, message: str = "", *, source: str = "journal", now: datetime | None = None
) -> CrisisAlert:
    """A member asks the safety team to check in with them (offered after a worrying journal
    entry, which itself alerts nobody). The alert carries only what they chose to share: who they
    are and the short message they typed, if any; never the entry. On-call moderators are alerted
    (an alert with no group), and it escalates like any high-risk alert."""
    if member is None or not getattr(member, "is_authenticated", False):
        raise SafetyActionError(_("Please sign in first."))
    message = (message or "").strip()
    if len(message) > CHECK_IN_MESSAGE_MAX:
        raise SafetyActionError(
            _("Please keep your message to %(n)s characters or fewer.")
            % {"n": CHECK_IN_MESSAGE_MAX}
        )
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # staff read it, not the member
        summary = _(
            "Asked for a check-in after writing in their private journal (the journal is not shared)."
        )
    alert = raise_crisis_alert(
        member,
        level="high",
        group=None,
        source=source,
        summary=summary,
        reasons=["asked for a check-in"],
        score=1.0,
        now=now,
    )
    if message:
        # Their own words, encrypted and read by staff only through the audited notes.
        AlertNote.objects.create(
            alert=alert, author=member, kind=AlertNote.Kind.NOTE, text=message, created_at=now
        )
    record_audit_event(
        member,
        "safety.check_in_requested",
        subject_user=member,
        alert=alert.pk,
        source=source,
        with_message=bool(message),
    )
    return alert


def _alert_step(actor: Any, alert: CrisisAlert) -> None:
    if not can_handle_alert(actor, alert):
        raise SafetyActionError(
            _("Only this group's facilitators and moderators can handle this alert.")
        )


@transaction.atomic
def acknowledge_alert(
    actor: Any, alert: CrisisAlert, note: str = "", now: datetime | None = None
) -> CrisisAlert:
    _alert_step(actor, alert)
    now = now or timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_at = now
        alert.acknowledged_by = actor
        if alert.status == CrisisAlert.Status.OPEN:
            alert.status = CrisisAlert.Status.ACKNOWLEDGED
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "status"])
        AlertNote.objects.create(
            alert=alert, author=actor, kind=AlertNote.Kind.ACKNOWLEDGED, text=note, created_at=now
        )
        record_audit_event(
            actor,
            "safety.alert.acknowledge",
            subject_user=alert.member,
            group=alert.group,
            alert=alert.pk,
            seconds_to_acknowledge=int((now - alert.created_at).total_seconds()),
        )
        _alert_changed(alert, "acknowledged")
    return alert


@transaction.atomic
def record_contact(
    actor: Any, alert: CrisisAlert, note: str, now: datetime | None = None
) -> CrisisAlert:
    """Staff contacted the member privately. Acknowledges the alert too if nobody had."""
    _alert_step(actor, alert)
    if not note.strip():
        raise SafetyActionError(_("Please write a short note of how you contacted them."))
    now = now or timezone.now()
    acknowledge_alert(actor, alert, now=now)
    alert.contacted_at = now
    alert.contacted_by = actor
    if alert.status != CrisisAlert.Status.RESOLVED:
        alert.status = CrisisAlert.Status.CONTACTED
    alert.save(update_fields=["contacted_at", "contacted_by", "status"])
    AlertNote.objects.create(
        alert=alert, author=actor, kind=AlertNote.Kind.CONTACTED, text=note.strip(), created_at=now
    )
    record_audit_event(
        actor, "safety.alert.contact", subject_user=alert.member, group=alert.group, alert=alert.pk
    )
    _alert_changed(alert, "contacted")
    return alert


@transaction.atomic
def resolve_alert(
    actor: Any, alert: CrisisAlert, note: str, now: datetime | None = None
) -> CrisisAlert:
    _alert_step(actor, alert)
    if not note.strip():
        raise SafetyActionError(_("Please write a note: what happened and what was agreed."))
    now = now or timezone.now()
    acknowledge_alert(actor, alert, now=now)
    alert.resolved_at = now
    alert.resolved_by = actor
    alert.status = CrisisAlert.Status.RESOLVED
    alert.save(update_fields=["resolved_at", "resolved_by", "status"])
    AlertNote.objects.create(
        alert=alert, author=actor, kind=AlertNote.Kind.RESOLVED, text=note.strip(), created_at=now
    )
    record_audit_event(
        actor, "safety.alert.resolve", subject_user=alert.member, group=alert.group, alert=alert.pk
    )
    _alert_changed(alert, "resolved")
    if alert.member.erasure_requested_at and not alert.member.erased_at:
        # Their erasure waited for this alert; it goes ahead once the resolution is stored (and
        # the periodic job retries it if this fails).
        member = alert.member
        transaction.on_commit(lambda: _finish_erasure(member))
    return alert


def _finish_erasure(member: Any) -> None:
    try:
        finish_deferred_erasure(member)
    except Exception:
        logging.getLogger(__name__).exception("finishing the erasure of user %s failed", member.pk)


def erasure_hold(user: Any) -> ErasureHold | None:
    """An erasure waits while the person has an open crisis alert (accounts.privacy hold)."""
    if not queries.has_open_alert(user):
        return None
    return ErasureHold(
        _(
            "Someone from our team is still following up on a recent message of yours that worried us. "
            "Until they have finished, we keep that message, your e-mail address and your handle, so "
            "that they can reach you."
        )
    )


def note_erasure_waits(sender: Any, user: Any, deadline: datetime, **kwargs: Any) -> None:
    """Tell the staff on each open alert that the member asked to be erased (accounts'
    `erasure_deferred` signal)."""
    with translation.override(settings.LANGUAGE_CODE):  # for staff, not in the member's language
        text = _(
            "The member asked for their account to be erased. Their e-mail address and handle are kept "
            "so that you can reach them; the account is erased when this alert is resolved, by "
            "%(date)s at the latest."
        ) % {"date": formats.date_format(timezone.localtime(deadline), "DATE_FORMAT")}
    for alert in CrisisAlert.objects.filter(member=user).exclude(
        status=CrisisAlert.Status.RESOLVED
    ):
        AlertNote.objects.create(alert=alert, kind=AlertNote.Kind.NOTE, text=text)


def add_alert_note(actor: Any, alert: CrisisAlert, note: str) -> AlertNote:
    _alert_step(actor, alert)
    if not note.strip():
        raise SafetyActionError(_("The note is empty."))
    entry = AlertNote.objects.create(
        alert=alert, author=actor, kind=AlertNote.Kind.NOTE, text=note.strip()
    )
    record_audit_event(
        actor, "safety.alert.note", subject_user=alert.member, group=alert.group, alert=alert.pk
    )
    return entry


def read_alert_notes(
    actor: Any, alert: CrisisAlert, *, new_viewing: bool = True
) -> list[AlertNote]:
    """The notes of an alert for a staff member. The read is written to the audit log once per
    viewing: `new_viewing=False` when the page is shown again after an action taken on it."""
    _alert_step(actor, alert)
    notes = list(alert.notes.select_related("author"))
    if new_viewing:
        record_audit_event(
            actor,
            "safety.alert.read_notes",
            subject_user=alert.member,
            group=alert.group,
            alert=alert.pk,
            notes=len(notes),
        )
    return notes


def read_queue_item(actor: Any, item: QueueItem, *, new_viewing: bool = True) -> None:
    """A staff member opens a held message or a report (the message, its context, the author's
    earlier decisions): audited once per viewing."""
    if not can_moderate(actor, item.group):
        raise SafetyActionError(_("Only this group's facilitators and moderators can review this."))
    if new_viewing:
        record_audit_event(
            actor,
            "safety.item.read",
            subject_user=item.author,
            group=item.group,
            item=item.pk,
            source=item.source,
            object_id=item.object_id,
        )


def escalate_crisis_alerts(now: datetime | None = None) -> list[CrisisAlert]:
    """Move every unacknowledged alert whose time is up to the next tier and alert that tier.
    Safe to run from several processes at once: each step is a conditional update."""
    now = now or timezone.now()
    escalated: list[CrisisAlert] = []
    candidates = CrisisAlert.objects.filter(
        status=CrisisAlert.Status.OPEN, acknowledged_at__isnull=True, tier__lt=TOP_TIER
    ).select_related("member", "group")
    for alert in candidates:
        since = alert.escalated_at or alert.created_at
        if now - since < timedelta(minutes=ack_minutes(alert.level)):
            continue
        with transaction.atomic():
            won = CrisisAlert.objects.filter(
                pk=alert.pk, tier=alert.tier, acknowledged_at__isnull=True
            ).update(tier=alert.tier + 1, escalated_at=now)
            if not won:
                continue
            alert.tier += 1
            alert.escalated_at = now
            AlertNote.objects.create(
                alert=alert,
                kind=AlertNote.Kind.ESCALATED,
                created_at=now,
                text=_("Not acknowledged in time: escalated to tier %(tier)s.")
                % {"tier": alert.tier},
            )
            record_audit_event(
                None,
                "safety.alert.escalate",
                subject_user=alert.member,
                group=alert.group,
                alert=alert.pk,
                tier=alert.tier,
            )
            _send_alert_emails(alert, escalated=True)
            _alert_changed(alert, "escalated")
        escalated.append(alert)
    return escalated


# --- screened content ---


def respond_to_screened_content(
    *, source: str, object_id: int, author: Any, group: Any, verdict: Any
) -> None:
    """After a screened item is stored: raise crisis alerts, queue held items."""
    if verdict is None:
        return
    if verdict.crisis != "none" or verdict.method_detail:
        level = verdict.crisis if verdict.crisis != "none" else "concern"
        raise_crisis_alert(
            author,
            level=level,
            group=group,
            source=source,
            object_id=object_id,
            summary=_("Message screened: %(reasons)s")
            % {"reasons": "; ".join(verdict.reasons) or level},
            score=verdict.crisis_score,
            reasons=list(verdict.reasons),
        )
    if verdict.is_held:
        hold_content(
            source=source,
            object_id=object_id,
            author=author,
            group=group,
            reasons=list(verdict.reasons),
        )
    elif verdict.crisis == "none" and not verdict.abuse and getattr(verdict, "second_look", False):
        request_second_look(source, object_id)


def request_second_look(source: str, object_id: int) -> None:
    """Ask the sentence-embedding second look to read a message the inline screen passed.
    Never delays posting: it runs on a worker (or an in-process thread) after the commit."""

    mode = getattr(settings, "SECOND_LOOK", "background")
    if mode == "off" or not second_look.available():
        return
    if mode == "now":
        take_second_look(source, object_id)
    elif getattr(settings, "TASK_QUEUE", "in-process") == "redis":
        transaction.on_commit(lambda: second_look_task.enqueue(source, object_id))
    else:
        transaction.on_commit(
            lambda: _second_look_pool().submit(_second_look_in_thread, source, object_id)
        )


_POOL: Any = None


def _second_look_pool() -> Any:
    global _POOL
    if _POOL is None:
        # One thread: the encoder is CPU-bound and must not starve the web process.
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alongside-second-look")
    return _POOL


def _second_look_in_thread(source: str, object_id: int) -> None:
    close_old_connections()
    try:
        take_second_look(source, object_id)
    except Exception:  # the message is stored either way; log and let the next one run
        logging.getLogger(__name__).exception("second look failed for %s %s", source, object_id)
    finally:
        close_old_connections()


@task()
def second_look_task(source: str, object_id: int) -> bool:
    """The second look on the task queue: with ALONGSIDE_TASK_QUEUE=redis it runs on RQ workers
    (`alongside worker`), so a web process never spends the encoder's 30–300 ms; embedded,
    request_second_look runs it on one in-process thread instead (ImmediateBackend would run it
    inside the posting request)."""
    result = take_second_look(source, object_id)
    return bool(result and result.concern)


def take_second_look(source: str, object_id: int) -> Any:
    """Read a stored message again with the second look; on a concern, alert staff and tell the
    author privately where help is. Returns the SecondLook or None.

    The author is told for every such post, also when an alert about them is already open (the
    alert then gains a note): a thread post has no open socket to tell, so the notice is all
    they would see. An identical notice they have not read yet is not written twice."""

    ref = lookup(source, object_id)
    if ref is None or ref.author is None:
        return None
    youth = bool(getattr(ref.group, "is_youth", False) or getattr(ref.author, "is_youth", False))

    result = second_look.look(ref.text, youth=youth, priors=priors_of(ref.author, ref.group))
    if result is None or not result.concern:
        return result
    with transaction.atomic():
        raise_crisis_alert(
            ref.author,
            level="concern",
            group=ref.group,
            source=source,
            object_id=object_id,
            summary=_(
                "Message read again by the second look: a possible crisis the first screen missed"
            ),
            score=0.5 + 0.39 * result.score,
            reasons=["crisis second look"],
        )

        # A worker has no request: speak the member's language, with their country's lines in it.
        with in_language_of(ref.author) as language:
            text = _(
                "Reading your recent message, we wondered whether things are really hard right now. "
                "You don't have to face this alone: crisis lines for your country are listed here, any "
                "time. A facilitator has been alerted and will check in with you privately."
            )
            lines = [dict(r) for r in lines_for(getattr(ref.author, "country", ""), language)]
        url = reverse("resources:crisis")
        # Not twice while one is unread.
        if not Notice.objects.filter(
            user=ref.author, text=text, url=url, read_at__isnull=True
        ).exists():
            notify(ref.author, text, url=url, email=False, about=(source, object_id))
        transaction.on_commit(lambda: content.tell_author(source, object_id, text, lines))
    return result


def hold_content(
    *, source: str, object_id: int, author: Any, group: Any, reasons: list[str]
) -> QueueItem:
    item = QueueItem.objects.create(
        kind=QueueItem.Kind.HELD,
        source=source,
        object_id=object_id,
        group=group,
        author=author,
        reasons=reasons,
        reason="; ".join(reasons)[:500],
    )
    record_audit_event(
        None,
        "safety.hold",
        subject_user=author,
        group=group,
        source=source,
        object_id=object_id,
        reasons=reasons,
    )
    return item


# --- reports ---


@transaction.atomic
def report_content(reporter: Any, source: str, object_id: int, reason: str) -> QueueItem:
    reason = (reason or "").strip()
    if not reason:
        raise SafetyActionError(_("Please say briefly what is wrong with this message."))
    ref = lookup(source, object_id)
    if ref is None or ref.group is None or not access.can_view_content(reporter, ref.group):
        raise SafetyActionError(_("That message does not exist or you cannot see it."))
    if ref.author is not None and ref.author.pk == reporter.pk:
        raise SafetyActionError(
            _("You cannot report your own message; you can edit or delete it instead.")
        )
    item = QueueItem.objects.create(
        kind=QueueItem.Kind.REPORT,
        source=source,
        object_id=object_id,
        group=ref.group,
        author=ref.author,
        reporter=reporter,
        reason=reason[:500],
    )
    record_audit_event(
        reporter,
        "safety.report",
        subject_user=ref.author,
        group=ref.group,
        source=source,
        object_id=object_id,
        item=item.pk,
    )
    return item


# --- moderation decisions ---

DECISIONS = ("approve", "hide", "warn", "mute", "remove", "suspend")


can_moderate = queries.can_moderate  # Facilitators of the group, moderators and admins.


def _outcome_text(decision: str) -> str:
    return {
        "approve": _(
            "A moderator reviewed it and found it within the group's guidelines, so it stays."
        ),
        "hide": _("A moderator reviewed it and hid the message."),
        "warn": _("A moderator reviewed it, hid the message and warned its author."),
        "mute": _("A moderator reviewed it, hid the message and muted its author for a while."),
        "remove": _(
            "A moderator reviewed it, hid the message and removed its author from the group."
        ),
        "suspend": _(
            "A moderator reviewed it, hid the message and suspended its author's account."
        ),
    }[decision]


@transaction.atomic
def decide_item(
    actor: Any,
    item: QueueItem,
    decision: str,
    reason: str,
    mute_minutes: int | None = None,
    now: datetime | None = None,
) -> QueueItem:
    """Approve or act on a held message or a report. Every open item about the same content is
    closed with it; each reporter is told the outcome, the author is told the decision and why."""
    if decision not in DECISIONS:
        raise SafetyActionError(_("Unknown decision."))
    if not can_moderate(actor, item.group):
        raise SafetyActionError(_("Only this group's facilitators and moderators can do that."))
    if item.status != QueueItem.Status.OPEN:
        raise SafetyActionError(_("This has already been reviewed."))
    reason = (reason or "").strip()
    if decision != "approve" and not reason:
        raise SafetyActionError(_("Please give a reason: the member will see it."))
    if decision == "suspend" and not (actor.is_site_staff):
        raise SafetyActionError(_("Only moderators can suspend an account."))
    now = now or timezone.now()
    source = SOURCES.get(item.source)
    if source is not None:
        source.set_visibility(
            item.object_id, "visible" if decision == "approve" else "hidden", actor
        )
    member = item.author
    if decision != "approve" and member is not None:
        apply_sanction(
            actor,
            member,
            item.group,
            decision,
            reason,
            source=item.source,
            object_id=item.object_id,
            mute_minutes=mute_minutes,
            now=now,
        )
    elif decision == "approve" and member is not None and item.kind == QueueItem.Kind.HELD:
        with for_person(member):
            notify(
                member,
                _("Your message was reviewed and is now shown to the group."),
                subject=_("Your message is now shown"),
                about=(item.source, item.object_id),
            )
    related = list(
        QueueItem.objects.select_for_update().filter(
            source=item.source, object_id=item.object_id, status=QueueItem.Status.OPEN
        )
    )
    for other in related:
        other.status = QueueItem.Status.DONE
        other.decision = decision
        other.decision_reason = reason[:500]
        other.decided_by = actor
        other.decided_at = now
        other.save(
            update_fields=["status", "decision", "decision_reason", "decided_by", "decided_at"]
        )
        if other.reporter is not None:
            with for_person(other.reporter):
                notify(
                    other.reporter,
                    _("Thank you for your report. %(outcome)s")
                    % {"outcome": _outcome_text(decision)},
                    url=reverse("safety:my_notices"),
                    subject=_("The outcome of your report"),
                    about=(item.source, item.object_id),
                )
    record_audit_event(
        actor,
        f"safety.decide.{decision}",
        subject_user=member,
        group=item.group,
        source=item.source,
        object_id=item.object_id,
        reason=reason,
        items=[o.pk for o in related],
    )
    item.refresh_from_db()
    return item


def apply_sanction(
    actor: Any,
    member: Any,
    group: Any,
    kind: str,
    reason: str,
    *,
    source: str = "",
    object_id: int | None = None,
    mute_minutes: int | None = None,
    now: datetime | None = None,
) -> Sanction:
    """Hide, warn, mute, remove or suspend, with a reason the member sees and can appeal."""
    now = now or timezone.now()
    restriction = None
    if kind == "mute":
        if group is None:
            raise SafetyActionError(_("A mute is for one group."))
        minutes = int(mute_minutes or 24 * 60)
        if minutes <= 0:
            raise SafetyActionError(_("Choose how long the mute lasts."))
        restriction = Restriction.objects.create(
            user=member,
            group=group,
            kind=Restriction.Kind.MUTE,
            reason=reason,
            until=now + timedelta(minutes=minutes),
            created_by=actor,
            created_at=now,
        )
    elif kind == "suspend":
        if not actor.is_site_staff:
            raise SafetyActionError(_("Only moderators can suspend an account."))
        restriction = Restriction.objects.create(
            user=member,
            kind=Restriction.Kind.SUSPEND,
            reason=reason,
            created_by=actor,
            created_at=now,
        )
    elif kind == "remove":
        if group is None:
            raise SafetyActionError(_("Removing is from one group."))
        try:  # a moderation decision: moderators may remove too, not only the group's facilitators
            remove_member(actor, group, member.pk, reason, as_moderation=True)
        except GroupActionError as exc:
            raise SafetyActionError(str(exc)) from exc
    sanction = Sanction.objects.create(
        member=member,
        group=group,
        kind=kind,
        reason=reason,
        source=source,
        object_id=object_id,
        restriction=restriction,
        created_by=actor,
        created_at=now,
    )
    url = reverse("safety:my_notices")
    with for_person(member):  # their language, and the mute's end in their own time zone
        texts = {
            "hide": _("A moderator hid one of your messages."),
            "warn": _("A moderator warned you about one of your messages."),
            "mute": _("A moderator muted you in %(group)s until %(until)s."),
            "remove": _("A moderator removed you from %(group)s."),
            "suspend": _("A moderator suspended your account: you cannot post anywhere for now."),
        }
        text = texts[kind] % {
            "group": getattr(group, "name", ""),
            "until": timezone.localtime(restriction.until).strftime("%Y-%m-%d %H:%M %Z")
            if restriction and restriction.until
            else "",
        }
        text += " " + _("Reason: %(reason)s. If you think this is wrong, you can appeal.") % {
            "reason": reason.rstrip(". ")
        }
        notify(
            member,
            text,
            url=url,
            subject=_("A moderation decision about you"),
            about=(source, object_id),
        )
    record_audit_event(
        actor,
        f"safety.sanction.{kind}",
        subject_user=member,
        group=group,
        reason=reason,
        sanction=sanction.pk,
        source=source,
        object_id=object_id,
    )
    return sanction


# --- appeals ---


@transaction.atomic
def appeal_sanction(member: Any, sanction: Sanction, text: str) -> Appeal:
    if sanction.member_id != member.pk:
        raise SafetyActionError(_("You can only appeal decisions about you."))
    text = (text or "").strip()
    if not text:
        raise SafetyActionError(_("Please tell us why you think the decision was wrong."))
    if sanction.appeals.filter(status=Appeal.Status.OPEN).exists():
        raise SafetyActionError(_("Your appeal is already waiting for review."))
    appeal = Appeal.objects.create(sanction=sanction, member=member, text=text[:4000])
    for_admin = queries.waits_for_admin(appeal)
    record_audit_event(
        member,
        "safety.appeal",
        subject_user=member,
        group=sanction.group,
        sanction=sanction.pk,
        appeal=appeal.pk,
        waits_for_admin=for_admin,
    )
    if for_admin:
        # Nobody else may decide it: tell the admins it is waiting for one of them.
        User = get_user_model()
        for admin in User.objects.filter(is_superuser=True, is_active=True).exclude(
            pk__in=[pk for pk in (sanction.created_by_id, member.pk) if pk]
        ):
            with for_person(admin):
                notify(
                    admin,
                    _(
                        "An appeal is waiting for an admin: nobody else who could review it is "
                        "available, because the decision was made by the only moderator or "
                        "facilitator who could."
                    ),
                    url=reverse("safety:dashboard") + "#appeals-h",
                    subject=_("An appeal is waiting for an admin"),
                )
    return appeal


@transaction.atomic
def review_appeal(
    actor: Any, appeal: Appeal, outcome: str, note: str, now: datetime | None = None
) -> Appeal:
    sanction = appeal.sanction
    if actor is not None and actor.pk == sanction.created_by_id:
        raise SafetyActionError(
            _("You made this decision, so someone else must review the appeal.")
        )
    if not queries.can_review_appeal(actor, appeal):
        raise SafetyActionError(_("Another facilitator or a moderator must review this appeal."))
    if appeal.status != Appeal.Status.OPEN:
        raise SafetyActionError(_("This appeal has already been reviewed."))
    if outcome not in (Appeal.Status.UPHELD, Appeal.Status.OVERTURNED):
        raise SafetyActionError(_("Choose to uphold or overturn the decision."))
    note = (note or "").strip()
    if not note:
        raise SafetyActionError(_("Please give a reason: the member will see it."))
    now = now or timezone.now()
    appeal.status = outcome
    appeal.reviewed_by = actor
    appeal.reviewed_at = now
    appeal.review_note = note[:500]
    appeal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if outcome == Appeal.Status.OVERTURNED:
        sanction.overturned_at = now
        sanction.save(update_fields=["overturned_at"])
        if sanction.restriction_id:
            Restriction.objects.filter(pk=sanction.restriction_id, lifted_at__isnull=True).update(
                lifted_at=now
            )
        if sanction.kind == "hide" and sanction.source in SOURCES and sanction.object_id:
            SOURCES[sanction.source].set_visibility(sanction.object_id, "visible", actor)
    with for_person(appeal.member):
        if outcome == Appeal.Status.OVERTURNED:
            message = _("Your appeal was accepted and the decision overturned. %(note)s") % {
                "note": note
            }
        else:
            message = _("Your appeal was reviewed and the decision stands. %(note)s") % {
                "note": note
            }
        notify(
            appeal.member,
            message,
            url=reverse("safety:my_notices"),
            subject=_("The outcome of your appeal"),
            about=(sanction.source, sanction.object_id),
        )
    record_audit_event(
        actor,
        f"safety.appeal.{outcome}",
        subject_user=appeal.member,
        group=sanction.group,
        appeal=appeal.pk,
        sanction=sanction.pk,
        note=note,
        decided_by=sanction.created_by_id,
    )
    return appeal


def mark_notices_read(user: Any) -> None:
    Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- memberships that end without the member choosing it ---


def tell_member_their_membership_ended(
    sender: Any,
    user: Any,
    group: Any,
    status: str,
    reason: str = "",
    told: bool = True,
    **kwargs: Any,
) -> None:
    """groups' `membership_ended`: a member removed by a facilitator gets an in-app notice naming
    the group and the reason (the e-mail goes from groups). Leaving is their own doing; a moderation
    decision, an age-band change and an erasure are told by their own actions."""
    if told or status != Membership.Status.REMOVED:
        return
    with for_person(user):
        text = _("A facilitator removed you from %(group)s. Their reason: %(reason)s") % {
            "group": group.name,
            "reason": reason or _("none given"),
        }
        notify(
            user,
            text + " " + _("If you think this is a mistake, you can write to a moderator."),
            url=reverse("safety:my_notices"),
            email=False,
        )


def tell_member_their_role_changed(
    sender: Any, membership: Any, actor: Any, appointed: bool, **kwargs: Any
) -> None:
    """groups' `facilitator_role_changed`: the person sees it in the app too (groups e-mails them),
    with what it means for them. Stepping down oneself needs no notice."""
    user, group = membership.user, membership.group
    if not appointed and user.pk == getattr(actor, "pk", None):
        return
    with for_person(user):
        if appointed:
            text = _(
                "You are now a facilitator of %(group)s. You will be told when someone there may "
                "need help; the group's safety alerts are on your home page."
            ) % {"group": group.name}
        else:
            text = _("You are no longer a facilitator of %(group)s. You are still a member.") % {
                "group": group.name
            }
        notify(user, text, url=group.get_absolute_url(), email=False)


# --- age bands (youth and adult spaces never mix) ---


def decide_age_band_request(
    moderator: Any, request_id: int, *, approve: bool, reason: str = ""
) -> Any:
    """A moderator approves or declines a person's request to move into or out of the under-18
    band. On approval the memberships that would now mix youth and adults end, and the member is
    told which and why (a notice and an e-mail); a decline is explained the same way."""

    if not acts_as_site_staff(moderator):
        raise SafetyActionError(_("Only moderators can decide age band requests."))
    if not approve and not reason.strip():
        raise SafetyActionError(_("Please give a reason: the member will see it."))
    with transaction.atomic():
        try:
            request = settle_age_band_request(
                request_id, decided_by=moderator, approve=approve, reason=reason
            )
        except AgeBandRequestError as exc:
            raise SafetyActionError(str(exc)) from exc
        member = request.user
        ended = end_memberships_outside_age_band(member) if approve else []
        record_audit_event(
            moderator,
            "safety.age_band_request." + ("approve" if approve else "decline"),
            subject_user=member,
            to_band=request.to_band,
            ended_groups=[m.group_id for m in ended],
        )
        with for_person(member):
            band = str(AgeBand(request.to_band).label)
            if approve:
                text = _("A moderator approved your change of age band to “%(band)s”.") % {
                    "band": band
                }
                if ended:
                    why = _(
                        "Groups for young people under 18 and groups for adults are kept apart, so your "
                        "membership of these groups has ended: %(groups)s."
                    ) % {"groups": ", ".join(m.group.name for m in ended)}
                    text += (
                        " " + why + " " + _("You can find groups for your age in the directory.")
                    )
                subject = _("Your age band has changed")
            else:
                text = _(
                    "A moderator did not approve your change of age band to “%(band)s”. Their reason: %(reason)s"
                ) % {"band": band, "reason": reason.strip()}
                subject = _("About your age band request")
            notify(
                member,
                text,
                url=reverse("groups:directory") if ended else reverse("accounts:profile"),
                subject=subject,
            )
    return request
