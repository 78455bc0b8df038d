"""`alongside backup` then `alongside restore` into a fresh database: a journal entry, encrypted at
rest, reads back with the same keys — on SQLite, and on PostgreSQL in the PostgreSQL pass. Without
the keys, restore says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from alongside.core import backup
from alongside.journal import actions as journal_actions
from alongside.journal.models import JournalEntry

ROOT = Path(__file__).resolve().parents[2]
WORDS = "Today I finally told my brother how tired I've been."

pytestmark = [pytest.mark.django_db(transaction=True)]  # pg_dump reads what is committed

READ_BACK = """
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
django.setup()
from alongside.journal.models import JournalEntry
print(JournalEntry.objects.get(pk=int(sys.argv[1])).body)
"""


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "ALONGSIDE_ENCRYPTION_KEY", "SECRET_KEY")
    }
    return {
        **base,
        "DATABASE_URL": database_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "ALONGSIDE_ENCRYPTION_KEY": ",".join(settings.ENCRYPTION_KEYS),
        **extra,
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the kind the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restored"[:63]
    params = {
        k: v
        for k, v in {
            "host": db.get("HOST"),
            "port": db.get("PORT"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = db.get("USER", "") + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    yield f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def entry(alice: Any) -> JournalEntry:
    made, _ = journal_actions.save_entry(alice, client_token=uuid.uuid4(), body=WORDS)
    with connection.cursor() as cursor:  # stored encrypted, as the backup will hold it
        cursor.execute("SELECT body FROM journal_journalentry WHERE id = %s", [made.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:") and "brother" not in stored
    return made


def test_a_backup_restores_into_a_fresh_database_and_the_journal_reads_back(
    entry: JournalEntry, tmp_path: Path, fresh_database: str
) -> None:
    made = backup.backup(tmp_path / "nightly.backup")
    manifest = json.loads((tmp_path / "nightly.backup.json").read_text())
    assert manifest["engine"] == connection.vendor and manifest["sha256"] == made.manifest["sha256"]
    assert manifest["encryption_key_fingerprints"] == [
        backup.key_fingerprint(k) for k in settings.ENCRYPTION_KEYS
    ]
    assert not any(
        k in (tmp_path / "nightly.backup.json").read_text() for k in settings.ENCRYPTION_KEYS
    )

    restored = run(["-m", "alongside", "restore", str(made.path)], cli_env(fresh_database))
    assert restored.returncode == 0, restored.stderr
    assert "read the encrypted values back" in restored.stdout

    read = run(["-c", READ_BACK, str(entry.pk)], cli_env(fresh_database))
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == WORDS


def test_restoring_without_the_keys_says_the_journal_cannot_be_read(
    entry: JournalEntry, tmp_path: Path, fresh_database: str
) -> None:
    from cryptography.fernet import Fernet

    made = backup.backup(tmp_path / "nightly.backup")
    other_key = Fernet.generate_key().decode()
    restored = run(
        ["-m", "alongside", "restore", str(made.path)],
        cli_env(fresh_database, ALONGSIDE_ENCRYPTION_KEY=other_key),
    )
    assert restored.returncode == 3
    assert "ALONGSIDE_ENCRYPTION_KEY" in restored.stderr
    assert (
        backup.key_fingerprint(settings.ENCRYPTION_KEYS[0]) in restored.stderr
    )  # the one it needs
    read = run(
        ["-c", READ_BACK, str(entry.pk)],
        cli_env(fresh_database, ALONGSIDE_ENCRYPTION_KEY=other_key),
    )
    assert read.returncode != 0 and WORDS not in read.stdout


def test_restore_will_not_overwrite_a_database_in_use_unless_told(
    entry: JournalEntry, tmp_path: Path, fresh_database: str
) -> None:
    made = backup.backup(tmp_path / "nightly.backup")
    env = cli_env(fresh_database)
    assert run(["-m", "alongside", "restore", str(made.path)], env).returncode == 0
    again = run(["-m", "alongside", "restore", str(made.path)], env)
    assert again.returncode == 2 and "already holds" in again.stderr
    replaced = run(["-m", "alongside", "restore", "--replace", str(made.path)], env)
    assert replaced.returncode == 0, replaced.stderr
    assert run(["-c", READ_BACK, str(entry.pk)], env).stdout.strip() == WORDS


def test_a_damaged_backup_is_refused(
    entry: JournalEntry, tmp_path: Path, fresh_database: str
) -> None:
    made = backup.backup(tmp_path / "nightly.backup")
    with made.path.open("r+b") as f:
        f.seek(made.path.stat().st_size // 2)
        f.write(b"\x00garbage\x00")
    result = run(["-m", "alongside", "restore", str(made.path)], cli_env(fresh_database))
    assert result.returncode == 2 and "checksum" in result.stderr


def test_a_backup_never_overwrites_a_file(entry: JournalEntry, tmp_path: Path) -> None:
    (tmp_path / "exists.backup").write_text("keep me")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(tmp_path / "exists.backup")
    assert (tmp_path / "exists.backup").read_text() == "keep me"
