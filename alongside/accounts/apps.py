from datetime import timedelta

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts import actions
        from alongside.core import periodic

        # Erasures that waited (an open crisis alert): done once the hold lifts, or after 30 days.
        periodic.register("accounts.finish_deferred_erasures", every=timedelta(minutes=15),
                          function=actions.finish_deferred_erasures)
