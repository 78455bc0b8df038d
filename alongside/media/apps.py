from datetime import timedelta
from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> dict[str, Any]:
    from alongside.media.models import MediaPass

    return {
        "calls_joined": [
            {
                "meeting": p.room.meeting_id,
                "joined_at": p.issued_at.isoformat(),
                "left_at": p.revoked_at.isoformat() if p.revoked_at else None,
            }
            for p in MediaPass.objects.filter(user=user).select_related("room")
        ]
    }


def _erase(user: Any) -> None:
    from alongside.media.models import MediaPass

    for p in MediaPass.objects.filter(user=user, revoked_at__isnull=True).select_related(
        "room__meeting"
    ):
        from alongside.media.actions import leave

        leave(p.room.meeting, user)
    MediaPass.objects.filter(user=user).delete()


def _render_control(user: Any, event: Any) -> dict[str, Any] | None:
    # The page asks /state/ itself (with the person's current permissions); this only wakes it.
    return {
        "type": "media.control",
        "trigger": "media-changed",
        "meeting": event.payload.get("meeting"),
    }


def _close_finished_rooms() -> None:
    from alongside.media.actions import close_finished_rooms

    close_finished_rooms()


class MediaConfig(AppConfig):
    name = "alongside.media"
    label = "media"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.core import events, periodic, personal
        from alongside.media import checks  # noqa: F401 - registers the system check
        from alongside.media.actions import MEDIA_CONTROL, talking_piece_moved
        from alongside.media.revocation import on_event
        from alongside.media.views import call_widget
        from alongside.meetings.hooks import register_call_widget
        from alongside.meetings.signals import live_state_changed

        register(
            "media",
            export=_export,
            erase=_erase,
            covers={
                "media.MediaPass": "calls joined (meeting, when) exported; revoked and deleted on erasure",
            },
        )
        events.subscribe(on_event)
        register_call_widget(call_widget)
        # The talking piece moves on while the floor is held: the last speaker is muted again.
        live_state_changed.connect(talking_piece_moved, dispatch_uid="media.talking_piece_moved")
        personal.register_frame(MEDIA_CONTROL, _render_control)
        periodic.register(
            "media.close_finished_rooms", every=timedelta(minutes=1), function=_close_finished_rooms
        )
