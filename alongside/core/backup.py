"""`alongside backup` and `alongside restore` (README, "Backups and keys").

A backup is one file of the database as it was at one moment — PostgreSQL: `pg_dump` in its custom
format; SQLite: a page-by-page copy through SQLite's backup API, consistent while the site runs —
and beside it `<file>.json`, which says what it is and which encryption keys its encrypted values
need (by fingerprint: a hash, never the key).

**A backup does not hold the encryption keys** (ALONGSIDE_ENCRYPTION_KEY). Journal entries,
questionnaire answers and crisis notes in it can be read only with one of the keys that encrypted
them: keep the keys too, somewhere else. `restore` checks, after restoring, that the configured
keys read the encrypted values back, and says so plainly when they do not.

`restore` writes into the database the settings point at (DATABASE_URL) and refuses one that
already holds Alongside's tables unless told `--replace`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from alongside import crypto

FORMAT = "alongside-backup/1"


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(b"alongside-key-fingerprint:" + key.strip().encode()).hexdigest()[:16]


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def needed_fingerprints(path: Path) -> list[str]:
    """The fingerprints of the keys a backup was made with (from its .json), if it has one."""
    mpath = manifest_path(path.resolve())
    if not mpath.exists():
        return []
    return [str(f) for f in json.loads(mpath.read_text()).get("encryption_key_fingerprints", [])]


def default_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"alongside-{stamp}.{'pgdump' if connection.vendor == 'postgresql' else 'sqlite3'}"


# -- PostgreSQL connection arguments for the client tools ---------------------------------------


def _pg_args(db: dict[str, Any], name: str | None = None) -> tuple[list[str], dict[str, str]]:
    args: list[str] = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", name or str(db["NAME"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools "
            f"(Debian: apt-get install postgresql-client) in the same major version as the server."
        )
    return found


def _run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            f"{Path(cmd[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}"
        )


# -- backup ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    path: Path
    manifest: dict[str, Any]


def _sqlite_source() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def backup(path: Path) -> Made:
    """Write a backup of the configured database to `path` (and `path`.json)."""
    path = path.resolve()
    if path.exists():
        raise BackupError(
            f"{path} already exists: choose a new file name (backups are never overwritten)."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "postgresql":
            args, env = _pg_args(connection.settings_dict)
            _run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(partial),
                    *args,
                ],
                env,
            )
        elif connection.vendor == "sqlite":
            target = sqlite3.connect(partial)
            try:
                _sqlite_source().backup(target)
            finally:
                target.close()
        else:
            raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
        partial.chmod(0o600)  # it holds personal data
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    manifest = {
        "format": FORMAT,
        "engine": connection.vendor,
        "file": path.name,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "bytes": path.stat().st_size,
        "sha256": _sha256(path),
        "migrations": _migrations(),
        # Which keys the encrypted values need, as fingerprints: the keys are not in a backup.
        "encryption_key_fingerprints": [key_fingerprint(k) for k in settings.ENCRYPTION_KEYS],
        "encryption_key_is_development_default": bool(settings.ENCRYPTION_KEY_IS_DEFAULT),
    }
    mpath = manifest_path(path)
    mpath.write_text(json.dumps(manifest, indent=2) + "\n")
    mpath.chmod(0o600)
    return Made(path, manifest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name")
    ):
        latest[app] = name
    return latest


# -- restore -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyCheck:
    checked: int  # encrypted values tried (one per encrypted column that has any)
    readable: int

    @property
    def ok(self) -> bool:
        return self.readable == self.checked


def _has_tables() -> bool:
    return "django_migrations" in connection.introspection.table_names()


def restore(path: Path, *, replace: bool = False) -> KeyCheck:
    """Restore the backup at `path` into the configured database, then check the keys."""
    path = path.resolve()
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    mpath = manifest_path(path)
    manifest = json.loads(mpath.read_text()) if mpath.exists() else {}
    engine = manifest.get("engine") or _guess_engine(path)
    if engine != connection.vendor:
        raise BackupError(
            f"{path.name} is a {engine} backup, but DATABASE_URL points at {connection.vendor}: "
            "restore it into the same kind of database."
        )
    if manifest.get("sha256") and manifest["sha256"] != _sha256(path):
        raise BackupError(
            f"{path.name} does not match its checksum in {mpath.name}: the file is damaged or incomplete."
        )
    if _has_tables() and not replace:
        raise BackupError(
            "The target database already holds Alongside's tables. Restore into a new, empty "
            "database, or pass --replace to overwrite everything in it."
        )
    if engine == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        connection.close()
        cmd = [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ]
        if replace:
            cmd += ["--clean", "--if-exists"]
        _run([*cmd, *args, str(path)], env)
    else:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(_sqlite_source())  # replaces every page of the target
        finally:
            source.close()
        connection.close()
    return check_keys()


def _guess_engine(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(b"SQLite format 3"):
        return "sqlite"
    if head.startswith(b"PGDMP"):
        return "postgresql"
    raise BackupError(
        f"{path.name} is neither a PostgreSQL custom-format dump nor an SQLite database."
    )


def check_keys() -> KeyCheck:
    """Do the configured keys read the stored encrypted values? One value per encrypted column."""
    qn = connection.ops.quote_name
    checked = readable = 0
    for field in crypto.encrypted_fields():
        table, column = field.model._meta.db_table, str(field.column)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} LIKE %s LIMIT 1",
                [crypto.PREFIX + "%"],
            )
            row = cursor.fetchone()
        if row is None:
            continue
        checked += 1
        try:
            crypto.decrypt_text(row[0])
        except crypto.DecryptionError:
            continue
        readable += 1
    return KeyCheck(checked, readable)
