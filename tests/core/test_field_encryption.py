from __future__ import annotations

from typing import Any

import pytest

from alongside import crypto


def test_encrypted_text_reads_back_and_is_not_plain(settings: Any) -> None:
    token = crypto.encrypt_text("I wrote this at 3am")
    assert "3am" not in token and token.startswith(crypto.PREFIX)
    assert crypto.decrypt_text(token) == "I wrote this at 3am"


def test_rotation_keeps_old_data_readable_and_moves_it_to_the_new_key(settings: Any) -> None:
    old, new = crypto.generate_key(), crypto.generate_key()
    settings.ENCRYPTION_KEYS = [old]
    token = crypto.encrypt_text("private")
    settings.ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt_text(token) == "private"
    rotated = crypto.rotate_token(token)
    settings.ENCRYPTION_KEYS = [new]
    assert crypto.decrypt_text(rotated) == "private"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token)


def test_a_wrong_key_fails_loudly_not_with_garbage(settings: Any) -> None:
    token = crypto.encrypt_text("private")
    settings.ENCRYPTION_KEYS = [crypto.generate_key()]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token)


def test_rotating_all_stored_values_moves_them_to_the_new_key(settings: Any, alice: Any) -> None:
    import uuid

    from alongside.journal.actions import save_entry
    from alongside.journal.models import JournalEntry

    old, new = crypto.generate_key(), crypto.generate_key()
    settings.ENCRYPTION_KEYS = [old]
    save_entry(alice, client_token=uuid.uuid4(), body="kept safe")
    settings.ENCRYPTION_KEYS = [new, old]
    assert crypto.rotate_all() >= 1
    settings.ENCRYPTION_KEYS = [new]
    assert JournalEntry.objects.get(author=alice).body == "kept safe"
