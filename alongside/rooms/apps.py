from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "alongside.rooms"
    label = "rooms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.core import events
        from alongside.rooms import content, live, privacy, revocation

        content.register()
        register("rooms", export=privacy.export_writing, erase=privacy.erase_writing)
        events.subscribe(live.on_event)  # the hubs deliver room events to their sockets
        revocation.connect()
