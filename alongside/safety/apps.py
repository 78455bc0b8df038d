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
        if periodic.serving():
            # Load the screen's models now: otherwise the first message after a start waits for
            # them (~0.3-0.8 s), and it may be a cry for help waiting for its crisis notice.
            from alongside.safety.screening import screen

            screen("warming up", None, None)
