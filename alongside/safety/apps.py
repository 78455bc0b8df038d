from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "alongside.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.safety import checks, frames, periodic  # noqa: F401 (checks registers itself)

        frames.register()  # the on-call banner and private notices on the per-person live channel

        if periodic.should_run():
            periodic.start()
