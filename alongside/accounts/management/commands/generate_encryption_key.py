from django.core.management.base import BaseCommand

from alongside.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new key for ALONGSIDE_ENCRYPTION_KEY."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(generate_key())
