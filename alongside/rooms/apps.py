from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "alongside.rooms"
    label = "rooms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.rooms import content

        content.register()
