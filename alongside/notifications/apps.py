from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "alongside.notifications"
    label = "notifications"
    verbose_name = "Notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.notifications import frames, privacy

        register(
            "notifications",
            export=privacy.export_notifications,
            erase=privacy.erase_notifications,
            covers={
                "notifications.Notification": "exported; deleted on erasure (and those the person caused, which name their handle)",
                "notifications.EmailPreference": "exported; deleted on erasure",
            },
        )
        frames.register()  # the header's count and new notifications reach open pages live
