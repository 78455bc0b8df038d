from typing import Any

from django.core.management.base import BaseCommand

from alongside.crypto import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the newest key (the first in "
        "ALONGSIDE_ENCRYPTION_KEY). Afterwards the old keys can be removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Re-encrypted {rotate_all()} values.")
