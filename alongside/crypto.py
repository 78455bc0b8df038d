"""Field encryption for sensitive text (journal entries, questionnaire answers, crisis notes).

Keys come from ALONGSIDE_ENCRYPTION_KEY: comma-separated Fernet keys, newest first. New data is
encrypted with the first key; any listed key decrypts. To rotate: put a new key first, keep the
old ones, run `alongside manage rotate_encryption_keys`, then drop the old keys.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

PREFIX = "fernet:"


class DecryptionError(Exception):
    """Stored ciphertext could not be decrypted with any configured key."""


def development_key(secret_key: str) -> str:
    """A key derived from SECRET_KEY, for tests and development only (`serve` refuses it)."""
    digest = hashlib.sha256(b"alongside-field-encryption:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("No encryption key is configured (ALONGSIDE_ENCRYPTION_KEY).")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.ENCRYPTION_KEYS))


def encrypt_text(plaintext: str) -> str:
    return PREFIX + _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    if not token.startswith(PREFIX):
        raise DecryptionError("Value is not an Alongside ciphertext.")
    try:
        return _fernet().decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a ciphertext under the newest key (keeps the plaintext)."""
    if not token.startswith(PREFIX):
        raise DecryptionError("Value is not an Alongside ciphertext.")
    try:
        rotated = _fernet().rotate(token[len(PREFIX) :].encode("ascii"))
    except InvalidToken as exc:
        raise DecryptionError("No configured key decrypts this value.") from exc
    return PREFIX + rotated.decode("ascii")


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted; Python code sees plain text.

    It cannot be searched or ordered in the database, by design.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def to_python(self, value: Any) -> str | None:
        if value is None or not isinstance(value, str) or not value.startswith(PREFIX):
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)


def encrypted_fields() -> list[EncryptedTextField]:
    return [
        f
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, EncryptedTextField)
    ]


def rotate_all() -> int:
    """Re-encrypt every stored encrypted value under the newest key. Returns how many."""
    count = 0
    qn = connection.ops.quote_name
    for field in encrypted_fields():
        table, column = field.model._meta.db_table, str(field.column)
        pk = str(field.model._meta.pk.column)  # type: ignore[union-attr]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)}")
            rows = cursor.fetchall()
            for row_pk, stored in rows:
                if not stored or not stored.startswith(PREFIX):
                    continue
                cursor.execute(
                    f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",
                    [rotate_token(stored), row_pk],
                )
                count += 1
    return count
