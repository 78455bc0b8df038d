from datetime import timedelta
from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> dict[str, Any]:
    from alongside.meetings.models import RSVP, Attendance, CalendarFeed, Notice

    return {
        "rsvps": [
            {
                "meeting": r.meeting_id,
                "group": r.meeting.group.name,
                "starts_at": r.meeting.starts_at.isoformat(),
                "status": r.status,
            }
            for r in RSVP.objects.filter(user=user).select_related("meeting__group")
        ],
        "attended": [
            {
                "meeting": a.meeting_id,
                "group": a.meeting.group.name,
                "checked_in_at": a.checked_in_at.isoformat(),
            }
            for a in Attendance.objects.filter(user=user).select_related("meeting__group")
        ],
        "notices": [
            {"text": n.text, "at": n.created_at.isoformat()}
            for n in Notice.objects.filter(user=user)
        ],
        "has_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }


def _erase(user: Any) -> None:
    """Give up places (the waitlist moves up), revoke the calendar feed, delete notices. Attendance
    stays, attached to the anonymised account, so group effectiveness figures don't change."""
    from django.utils import timezone

    from alongside.meetings import actions
    from alongside.meetings.models import RSVP, CalendarFeed, Notice, SentReminder

    for r in RSVP.objects.filter(user=user, meeting__starts_at__gt=timezone.now()).select_related(
        "meeting"
    ):
        actions.cancel_rsvp(r.meeting, user)
    RSVP.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Notice.objects.filter(user=user).delete()
    SentReminder.objects.filter(user=user).delete()


def _membership_ended(sender: Any, user: Any, group: Any, **kwargs: Any) -> None:
    from alongside.meetings.actions import give_up_places

    give_up_places(user, group)


def _can_open_meeting(user: Any, meeting_id: int) -> bool:
    """A notification about a meeting opens while the meeting exists (the group is checked by
    notifications.access)."""
    from alongside.meetings.models import Meeting

    return Meeting.objects.filter(pk=meeting_id).exists()


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.core import periodic
        from alongside.groups.matching import register_next_meetings
        from alongside.groups.signals import membership_ended
        from alongside.meetings.queries import next_meeting_times
        from alongside.meetings.tasks import enqueue_due_reminders
        from alongside.notifications.access import register_target

        register(
            "meetings",
            export=_export,
            erase=_erase,
            covers={
                "meetings.RSVP": "exported; deleted on erasure",
                "meetings.Attendance": "exported; kept on erasure for group figures, tied to the anonymised account",
                "meetings.SentReminder": "deleted on erasure",
                "meetings.Notice": "exported; deleted on erasure",
                "meetings.CalendarFeed": "its existence exported; deleted on erasure",
                "meetings.AgendaTemplate": "staff's work: kept; the editor is the anonymised account",
                "meetings.MeetingSeries": "staff's work: kept; the creator is the anonymised account",
            },
        )
        register_target("meeting", _can_open_meeting)
        register_next_meetings(next_meeting_times)  # "next meeting" on each suggested group
        membership_ended.connect(_membership_ended, dispatch_uid="meetings.membership_ended")
        # Extend recurring series, release former members' places, send due reminders.
        periodic.register(
            "meetings.series_and_reminders",
            every=timedelta(minutes=1),
            function=enqueue_due_reminders,
        )
