"""What every app shares and no feature app owns: the audit log, live events (published after
commit), the periodic-job registry and absolute site links. Core imports no feature app."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.core import checks, telemetry  # noqa: F401 (checks registers the system checks)
        from alongside.core.dbpool import recover_quickly

        recover_quickly()  # after a PostgreSQL restart, within a second, not 8 s
        telemetry.setup()  # Sentry / OpenTelemetry when their variables are set; off by default
