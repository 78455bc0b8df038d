from typing import Any

from django.apps import AppConfig


def _group_language_changed(sender: Any, group: Any, **kwargs: Any) -> None:
    from alongside.rooms.actions import refresh_search_vectors

    refresh_search_vectors(group)  # search matches word forms in the group's language


class RoomsConfig(AppConfig):
    name = "alongside.rooms"
    label = "rooms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.groups.signals import group_language_changed
        from alongside.rooms import content, privacy

        content.register()
        register("rooms", export=privacy.export_writing, erase=privacy.erase_writing)
        group_language_changed.connect(_group_language_changed, dispatch_uid="rooms.group_language_changed")
