from typing import Any

from django.apps import AppConfig


def _can_open_conversation(user: Any, conversation_id: int) -> bool:
    from alongside.outreach import queries
    from alongside.outreach.models import Conversation

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    return conversation is not None and queries.can_read(user, conversation)


class OutreachConfig(AppConfig):
    name = "alongside.outreach"
    label = "outreach"
    verbose_name = "Private outreach"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.notifications.access import register_target
        from alongside.outreach import content, frames, privacy

        register(
            "outreach",
            export=privacy.export_conversations,
            erase=privacy.erase_conversations,
            covers={
                "outreach.Conversation": "exported; deleted on erasure of the member it is with",
                "outreach.OutreachMessage": "exported; deleted on erasure of the member; staff's own counted",
            },
        )
        content.register()  # a crisis in a reply raises an alert that points back here
        frames.register()  # new messages reach open pages live
        register_target("conversation", _can_open_conversation)
