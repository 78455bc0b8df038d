from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "alongside.rooms"
    label = "rooms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.rooms import content, privacy

        content.register()
        register("rooms", export=privacy.export_writing, erase=privacy.erase_writing)
