"""Every state change of the outcomes app: answering, the schedule, reminders, research consent.

The schedule (see docs in README "Outcomes"):
- Baseline PHQ-9, GAD-7 and UCLA-3 when someone joins their first group, then one check-in
  every `OutcomeSettings.checkin_interval_weeks` (4 by default) while they belong to a group.
  Only the current check-in stays open; one not answered by the next is marked missed.
- Group identification (4 items) after the 2nd and the 6th week in a group, or after the 2nd and
  6th meeting attended if that comes first (`OutcomeSettings.identification_after`).
- Session feedback after each meeting attended, open for a week.
Schedules are made by `refresh_schedule` (idempotent: unique constraints) on the events that
change them (joining or leaving a group, an approved request, answering a questionnaire, a meeting
attended), on My progress, by the reminder command, and for everyone by `refresh_all_schedules`,
which the periodic jobs run every 15 minutes (`alongside.core.periodic`). Pages that only
list what is due (the home page) just read. Answering is always optional: skip or snooze anything.

Hooks:
- groups' `membership_started` signal (joining, an approved request) → `schedule_after_join(membership)`
- groups' `membership_ended` signal (leaving, removal, erasure, age band) → `schedule_after_leaving(user)`
- meetings (when attendance is recorded) → `record_meeting_attended(user, group, count)`,
  where `count` is the number of this group's meetings the person has attended so far.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.language import in_language_of
from alongside.accounts.models import User
from alongside.accounts.roles import acts_as_admin
from alongside.core.audit import record_audit_event
from alongside.core.links import absolute_url
from alongside.core.mail import send_mail
from alongside.groups.models import Group, Membership
from alongside.outcomes import instruments, scoring
from alongside.outcomes.models import (
    CheckIn,
    MeetingAttendance,
    OtherGroupsOffer,
    OutcomePreference,
    OutcomeSettings,
    ResearchConsent,
    Response,
)
from alongside.outcomes.queries import due_checkins
from alongside.safety import actions as safety_actions

logger = logging.getLogger(__name__)

MEMBER_ROLES = [Membership.Role.LISTENER, Membership.Role.PARTICIPANT]
FEEDBACK_OPEN_DAYS = 7
SNOOZE_DAYS = 3


class OutcomeError(Exception):
    """A request that cannot be carried out, with a message fit to show the person."""


# --- The schedule --------------------------------------------------------------------------


def _ensure(
    user: Any, instrument: str, occasion: str, due_at: datetime, group: Group | None = None
) -> CheckIn:
    existing = CheckIn.objects.filter(
        user=user, instrument=instrument, group=group, occasion=occasion
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CheckIn.objects.create(
                user=user, instrument=instrument, group=group, occasion=occasion, due_at=due_at
            )
    except IntegrityError:  # made at the same moment by another request
        return CheckIn.objects.get(user=user, instrument=instrument, group=group, occasion=occasion)


def _expire_open(
    user: Any,
    instrument: str,
    group: Group | None,
    *,
    before: datetime | None = None,
    keep: CheckIn | None = None,
) -> None:
    qs = CheckIn.objects.filter(
        user=user, instrument=instrument, group=group, status=CheckIn.Status.OPEN
    )
    if before is not None:
        qs = qs.filter(due_at__lt=before)
    if keep is not None:
        qs = qs.exclude(pk=keep.pk)
    qs.update(status=CheckIn.Status.EXPIRED)


def refresh_schedule(user: Any, now: datetime | None = None) -> None:
    """Open whatever check-ins are due for this person now (and close stale ones)."""
    now = now or timezone.now()
    cfg = OutcomeSettings.current()
    memberships = list(
        Membership.objects.filter(user=user, role__in=MEMBER_ROLES)
        .exclude(status__in=[Membership.Status.PENDING, Membership.Status.DECLINED])
        .select_related("group")
    )
    # Group check-ins for groups the person has left are withdrawn (they could not be answered).
    left = [m.group_id for m in memberships if m.status != Membership.Status.ACTIVE]
    if left:
        CheckIn.objects.filter(user=user, group_id__in=left, status=CheckIn.Status.OPEN).update(
            status=CheckIn.Status.EXPIRED
        )
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    if not active:
        # Left every group: nothing new is offered; what is open stays answerable until it lapses.
        return
    first_join = min(m.joined_at for m in memberships)
    interval = timedelta(weeks=max(cfg.checkin_interval_weeks, 1))
    for key in instruments.PERSONAL_MEASURES:
        baseline = _ensure(user, key, "baseline", min(first_join, now))
        periods = int((now - baseline.due_at) / interval)
        if periods >= 1:
            weeks = periods * cfg.checkin_interval_weeks
            current = _ensure(user, key, f"week-{weeks}", baseline.due_at + periods * interval)
            _expire_open(user, key, None, keep=current)
    for m in active:
        reached = [p for p in cfg.identification_points if m.joined_at + timedelta(weeks=p) <= now]
        if reached:
            _open_identification(
                user, m.group, max(reached), m.joined_at + timedelta(weeks=max(reached))
            )
    # Feedback is about one meeting: it lapses after a week.
    CheckIn.objects.filter(
        user=user,
        instrument="feedback",
        status=CheckIn.Status.OPEN,
        due_at__lt=now - timedelta(days=FEEDBACK_OPEN_DAYS),
    ).update(status=CheckIn.Status.EXPIRED)


def _open_identification(user: Any, group: Group, point: int, due_at: datetime) -> CheckIn:
    checkin = _ensure(user, "id4", f"after-{point}", due_at, group)
    _expire_open(user, "id4", group, keep=checkin)
    return checkin


def schedule_after_join(membership: Membership) -> None:
    """Called when someone joins (or a request is approved): a first group brings the baseline."""
    if membership.status == Membership.Status.ACTIVE and membership.role in MEMBER_ROLES:
        refresh_schedule(membership.user)


def schedule_after_leaving(user: Any) -> None:
    """Called when someone leaves a group or is removed: that group's open check-ins are withdrawn."""
    refresh_schedule(user)


def refresh_all_schedules(now: datetime | None = None) -> int:
    """The periodic refresh: open what has come due for every current member (a new 4-weekly
    check-in, identification after week 2 and 6) and close what lapsed. Returns how many people
    were refreshed. Safe to run as often as you like, and by several workers at once."""
    now = now or timezone.now()
    user_ids = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, role__in=MEMBER_ROLES)
        .values_list("user_id", flat=True)
        .distinct()
    )
    refreshed = 0
    for user in (
        User.objects.filter(pk__in=list(user_ids), is_active=True).order_by("pk").iterator()
    ):
        try:
            refresh_schedule(user, now)
        except Exception:  # one person's data must not stop everyone else's check-ins
            logger.exception("Could not refresh the check-in schedule of user %s", user.pk)
            continue
        refreshed += 1
    return refreshed


def record_meeting_attended(
    user: Any, group: Group, count: int, now: datetime | None = None
) -> MeetingAttendance:
    """The meetings app reports that `user` has now attended `count` meetings of `group`.

    Opens the identification check-in after the 2nd and 6th meeting (unless the week-based one
    came first) and a session-feedback check-in for this meeting.
    """
    if count < 0:
        raise OutcomeError(_("A meeting count cannot be negative."))
    now = now or timezone.now()
    attendance, _created = MeetingAttendance.objects.get_or_create(user=user, group=group)
    if count > attendance.meetings_attended:
        attendance.meetings_attended = count
        attendance.save(update_fields=["meetings_attended", "updated_at"])
    is_member = Membership.objects.filter(
        user=user, group=group, status=Membership.Status.ACTIVE, role__in=MEMBER_ROLES
    ).exists()
    if not is_member or count == 0:
        return attendance
    refresh_schedule(user, now)
    reached = [p for p in OutcomeSettings.current().identification_points if p <= count]
    if (
        reached
        and not CheckIn.objects.filter(
            user=user, instrument="id4", group=group, occasion=f"after-{max(reached)}"
        ).exists()
    ):
        _open_identification(user, group, max(reached), now)
    feedback = _ensure(user, "feedback", f"meeting-{count}", now, group)
    _expire_open(user, "feedback", group, keep=feedback)
    return attendance


def skip_checkin(user: Any, checkin: CheckIn) -> CheckIn:
    """Answering is always optional."""
    if checkin.user_id != user.pk:
        raise OutcomeError(_("That check-in is not yours."))
    if checkin.status == CheckIn.Status.OPEN:
        checkin.status = CheckIn.Status.SKIPPED
        checkin.completed_at = timezone.now()
        checkin.save(update_fields=["status", "completed_at"])
    return checkin


def snooze_checkin(user: Any, checkin: CheckIn, days: int = SNOOZE_DAYS) -> CheckIn:
    if checkin.user_id != user.pk:
        raise OutcomeError(_("That check-in is not yours."))
    if checkin.status != CheckIn.Status.OPEN:
        raise OutcomeError(_("That check-in is no longer open."))
    checkin.snoozed_until = timezone.now() + timedelta(days=days)
    checkin.save(update_fields=["snoozed_until"])
    return checkin


# --- Answering -----------------------------------------------------------------------------


def submit_response(
    user: Any,
    instrument_key: str,
    answers: Mapping[str, Any],
    *,
    group: Group | None = None,
    checkin: CheckIn | None = None,
    language: str = "en",
) -> Response:
    """Score and store a questionnaire. Raises scoring.AnswersInvalid (per-item messages) or
    OutcomeError. A PHQ-9 with item 9 above "not at all" raises a crisis alert. `language`: the
    language of the version the person read; every version is scored the same way, from the
    English definition."""
    try:
        instrument = instruments.get(instrument_key)
    except KeyError as exc:
        raise OutcomeError(_("There is no such questionnaire.")) from exc
    if checkin is not None:
        if checkin.user_id != user.pk:
            raise OutcomeError(_("That check-in is not yours."))
        if checkin.instrument != instrument.key or checkin.group_id != (
            group.pk if group else None
        ):
            raise OutcomeError(_("That check-in is for a different questionnaire."))
        if checkin.status == CheckIn.Status.DONE:
            raise OutcomeError(_("You have already answered this check-in. Thank you."))
    if instrument.about_group:
        if group is None:
            raise OutcomeError(_("Please choose the group this is about."))
        if not Membership.objects.filter(
            user=user, group=group, status=Membership.Status.ACTIVE
        ).exists():
            raise OutcomeError(_("You can answer this only about a group you belong to."))
    elif group is not None:
        raise OutcomeError(_("This questionnaire is about you, not about a group."))
    clean = scoring.validate_answers(instrument, answers)
    total = scoring.score(instrument, clean)
    if checkin is None:
        # An answer given unprompted counts for the check-in that has just come due, even if
        # the periodic refresh has not opened it yet (else it would be asked for again).
        refresh_schedule(user)
    with transaction.atomic():
        if checkin is None:
            checkin = (
                CheckIn.objects.filter(
                    user=user,
                    instrument=instrument.key,
                    group=group,
                    status=CheckIn.Status.OPEN,
                    due_at__lte=timezone.now(),
                )
                .order_by("-due_at")
                .first()
            )
        response = Response(
            user=user,
            instrument=instrument.key,
            group=group,
            checkin=checkin,
            occasion=checkin.occasion if checkin else "",
            score=total,
            band=scoring.band(instrument.key, total),
            # Only a language we have items in (anything else was read in English).
            language=instruments.get(instrument.key, language).language,
        )
        response.answers = clean
        response.save()
        if checkin is not None:
            checkin.status = CheckIn.Status.DONE
            checkin.completed_at = response.created_at
            checkin.save(update_fields=["status", "completed_at"])
    if instrument.key == "phq9" and scoring.item9_positive(clean):
        _raise_item9_alert(user, response, clean["q9"])
    if instrument.key in IDENTIFICATION_MEASURES and group is not None:
        offer_other_groups_if_identification_stays_low(user, group)
    return response


IDENTIFICATION_MEASURES = ("id4", "id1")


def offer_other_groups_if_identification_stays_low(
    user: Any, group: Group
) -> OtherGroupsOffer | None:
    """At or below the scale's midpoint at two check-ins in a row about this group (since any
    earlier offer): offer the member, privately, other groups that may suit them better. Nothing
    is published and nobody else is told who; facilitators see only a suppressed count."""
    earlier = (
        OtherGroupsOffer.objects.filter(user=user, group=group).order_by("-created_at").first()
    )
    if earlier is not None and earlier.dismissed_at is None:
        return None  # the offer is still on their page
    recent = Response.objects.filter(user=user, group=group, instrument__in=IDENTIFICATION_MEASURES)
    if earlier is not None:
        recent = recent.filter(created_at__gt=earlier.created_at)
    last_two = list(recent.order_by("-created_at", "-pk").values_list("score", flat=True)[:2])
    if len(last_two) < 2 or any(score > scoring.IDENTIFICATION_MIDPOINT for score in last_two):
        return None
    return OtherGroupsOffer.objects.create(user=user, group=group)


def dismiss_other_groups_offer(user: Any, offer: OtherGroupsOffer) -> OtherGroupsOffer:
    if offer.user_id != user.pk:
        raise OutcomeError(_("That suggestion is not yours."))
    if offer.dismissed_at is None:
        offer.dismissed_at = timezone.now()
        offer.save(update_fields=["dismissed_at"])
    return offer


def item9_level(answer: int) -> str:
    """ "Several days" is a concern; "more than half the days" or "nearly every day" is high."""
    return "high" if answer >= 2 else "concern"


def _raise_item9_alert(user: Any, response: Response, answer: int) -> None:
    label = next(o.label for o in instruments.FREQUENCY_OPTIONS if o.value == answer)
    summary = (
        f"PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered "
        f"“{label}” on a check-in. The member was shown crisis resources."
    )
    try:
        safety_actions.raise_crisis_alert(
            user,
            level=item9_level(answer),
            group=None,
            source="phq9",
            object_id=response.pk,
            summary=summary,
        )
    except Exception:
        # The member must still see crisis resources: never turn this into an error page.
        logger.exception("Could not raise the crisis alert for PHQ-9 response %s", response.pk)
        record_audit_event(
            None, "outcomes.crisis_alert_failed", subject_user=user, response_id=response.pk
        )


# --- Preferences and consent ---------------------------------------------------------------


def set_email_reminders(user: Any, enabled: bool) -> OutcomePreference:
    pref, _created = OutcomePreference.objects.get_or_create(user=user)
    pref.email_reminders = enabled
    pref.save(update_fields=["email_reminders"])
    return pref


def set_research_consent(user: Any, consented: bool) -> ResearchConsent:
    """Give or withdraw consent to research use of my check-ins (append-only history)."""
    return ResearchConsent.objects.create(user=user, consented=consented)


def update_outcome_settings(
    actor: Any, *, checkin_interval_weeks: int, identification_after: str, email_reminders: bool
) -> OutcomeSettings:
    if not acts_as_admin(actor):
        raise OutcomeError(_("Only admins can change the check-in schedule."))
    if not 1 <= checkin_interval_weeks <= 52:
        raise OutcomeError(_("Choose between 1 and 52 weeks between check-ins."))
    cfg = OutcomeSettings.current()
    cfg.checkin_interval_weeks = checkin_interval_weeks
    cfg.identification_after = identification_after
    if not cfg.identification_points:
        raise OutcomeError(_("Give at least one meeting or week number, for example 2,6."))
    cfg.identification_after = ",".join(str(p) for p in cfg.identification_points)
    cfg.email_reminders = email_reminders
    cfg.save()
    record_audit_event(
        actor,
        "outcomes.settings_changed",
        interval=checkin_interval_weeks,
        identification_after=cfg.identification_after,
        email_reminders=email_reminders,
    )
    return cfg


# --- Reminders -----------------------------------------------------------------------------


def send_outcome_reminders(now: datetime | None = None, base_url: str = "") -> int:
    """E-mail each person once about check-ins that are due. Returns how many e-mails were sent.

    A check-in is marked reminded before the e-mail goes, row by row with a conditional update,
    so two runs at once (or a rerun after a crash) never remind twice.
    """
    now = now or timezone.now()
    if not OutcomeSettings.current().email_reminders:
        return 0
    user_ids = (
        Membership.objects.filter(status=Membership.Status.ACTIVE, role__in=MEMBER_ROLES)
        .values_list("user_id", flat=True)
        .distinct()
    )
    opted_out = set(
        OutcomePreference.objects.filter(email_reminders=False).values_list("user_id", flat=True)
    )
    link = (
        (base_url.rstrip("/") + reverse("outcomes:progress"))
        if base_url
        else absolute_url(reverse("outcomes:progress"))
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(
        pk__in=opted_out
    ):
        refresh_schedule(user, now)
        mine = []
        for checkin in due_checkins_for_reminder(user, now):
            claimed = CheckIn.objects.filter(pk=checkin.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                mine.append(checkin)
        if not mine:
            continue
        with in_language_of(user):  # a periodic job has no request: the member's language
            body = _(
                "Hello %(handle)s,\n\n"
                "A short check-in is ready for you on Alongside whenever you'd like to do it. "
                "It takes a few minutes, and it's always optional: you can skip it or do it later.\n\n"
                "%(link)s\n\n"
                "You can turn these e-mails off on your My progress page.\n\n"
                "If you are in danger right now, call your local emergency number."
            ) % {"handle": user.handle, "link": link}
            subject = _("A check-in is ready when you are")
        # No scores and no questionnaire names in the e-mail: inboxes are not always private.
        send_mail(subject, body, None, [user.email], fail_silently=True)
        sent += 1
    return sent


def due_checkins_for_reminder(user: Any, now: datetime) -> list[CheckIn]:

    return [c for c in due_checkins(user, now) if c.reminded_at is None]
