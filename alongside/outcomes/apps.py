from datetime import timedelta
from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> dict[str, Any]:
    """Everything the outcomes app holds about a person, for "download my data"."""
    from alongside.outcomes.models import (
        CheckIn,
        MeetingAttendance,
        OtherGroupsOffer,
        OutcomePreference,
        ResearchConsent,
        Response,
    )

    pref = OutcomePreference.objects.filter(user=user).first()
    return {
        "responses": [
            {
                "questionnaire": r.instrument,
                "group": r.group.name if r.group else None,
                "occasion": r.occasion,
                "answered": r.created_at.isoformat(),
                "score": r.score,
                "band": r.band,
                "answers": r.answers,
            }
            for r in Response.objects.filter(user=user).select_related("group")
        ],
        "check_ins": [
            {
                "questionnaire": c.instrument,
                "group": c.group.name if c.group else None,
                "occasion": c.occasion,
                "due": c.due_at.isoformat(),
                "status": c.status,
            }
            for c in CheckIn.objects.filter(user=user).select_related("group")
        ],
        "meetings_attended": [
            {"group": a.group.name, "meetings": a.meetings_attended}
            for a in MeetingAttendance.objects.filter(user=user).select_related("group")
        ],
        "research_consent": [
            {"consented": c.consented, "when": c.created_at.isoformat()}
            for c in ResearchConsent.objects.filter(user=user)
        ],
        "email_reminders": pref.email_reminders if pref else True,
        "other_groups_offered": [
            {
                "group": o.group.name,
                "when": o.created_at.isoformat(),
                "dismissed": o.dismissed_at.isoformat() if o.dismissed_at else None,
            }
            for o in OtherGroupsOffer.objects.filter(user=user).select_related("group")
        ],
    }


def _erase(user: Any) -> None:
    from alongside.outcomes.models import (
        CheckIn,
        MeetingAttendance,
        OtherGroupsOffer,
        OutcomePreference,
        ResearchConsent,
        Response,
    )

    for model in (
        Response,
        CheckIn,
        MeetingAttendance,
        ResearchConsent,
        OutcomePreference,
        OtherGroupsOffer,
    ):
        model.objects.filter(user=user).delete()  # type: ignore[attr-defined]


def _membership_started(sender: Any, membership: Any, **kwargs: Any) -> None:
    from alongside.outcomes.actions import schedule_after_join

    schedule_after_join(membership)


def _membership_ended(sender: Any, user: Any, **kwargs: Any) -> None:
    from alongside.outcomes.actions import schedule_after_leaving

    schedule_after_leaving(user)


def _meeting_attended(
    sender: Any, user: Any, group: Any, count: int, now: Any, **kwargs: Any
) -> None:
    from alongside.outcomes.actions import record_meeting_attended

    record_meeting_attended(user, group, count, now=now)


class OutcomesConfig(AppConfig):
    name = "alongside.outcomes"
    label = "outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.core import periodic
        from alongside.groups.signals import meeting_attended, membership_ended, membership_started
        from alongside.outcomes import actions

        register(
            "outcomes",
            export=_export,
            erase=_erase,
            covers=dict.fromkeys(
                (
                    "outcomes.Response",
                    "outcomes.CheckIn",
                    "outcomes.MeetingAttendance",
                    "outcomes.ResearchConsent",
                    "outcomes.OutcomePreference",
                    "outcomes.OtherGroupsOffer",
                ),
                "exported; deleted on erasure",
            ),
        )
        # The schedule follows membership: a first group brings the baseline check-ins, leaving
        # withdraws the group's open ones.
        membership_started.connect(_membership_started, dispatch_uid="outcomes.membership_started")
        membership_ended.connect(_membership_ended, dispatch_uid="outcomes.membership_ended")
        meeting_attended.connect(_meeting_attended, dispatch_uid="outcomes.meeting_attended")
        # Check-ins that come due with time (every 4 weeks, identification after weeks 2 and 6),
        # and one e-mail per check-in that is due.
        periodic.register(
            "outcomes.refresh_schedules",
            every=timedelta(minutes=15),
            function=actions.refresh_all_schedules,
        )
        periodic.register(
            "outcomes.checkin_reminders",
            every=timedelta(hours=1),
            function=actions.send_outcome_reminders,
        )
