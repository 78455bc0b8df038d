from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> list[dict[str, Any]]:
    from alongside.journal.models import JournalEntry

    return [
        {"written": e.created_at.isoformat(), "prompt": e.prompt_key, "text": e.body}
        for e in JournalEntry.objects.filter(author=user)
    ]


def _erase(user: Any) -> None:
    from alongside.journal.models import JournalEntry

    JournalEntry.objects.filter(author=user).delete()


class JournalConfig(AppConfig):
    name = "alongside.journal"
    label = "journal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register

        register(
            "journal",
            export=_export,
            erase=_erase,
            covers={"journal.JournalEntry": "exported; deleted on erasure"},
        )
