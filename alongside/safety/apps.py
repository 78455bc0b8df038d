from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "alongside.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.safety import checks, periodic  # noqa: F401 (checks registers itself)

        if periodic.should_run():
            periodic.start()
