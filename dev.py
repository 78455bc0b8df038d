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
PG_URL = os.environ.get(
    "ALONGSIDE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/alongside_ci"
)
REDIS_URL = os.environ.get("ALONGSIDE_TEST_REDIS", "redis://127.0.0.1:6379/14")


def run(*cmd: str, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode != 0:
        sys.exit(result.returncode)


# Exact versions with their hashes, made from pyproject.toml by uv (README, "Dependencies"):
#   uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --no-header -o requirements/base.lock
#   uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --no-header -o requirements/dev.lock
LOCKS = {"": ROOT / "requirements" / "base.lock", "dev": ROOT / "requirements" / "dev.lock"}


def ensure_venv(extras: str) -> None:
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{extras or 'base'}"
    lock = LOCKS[extras]
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    # From PyPI only, as the lock's hashes say: no machine-local wheel folder or index stands in.
    pypi_only = {"PIP_CONFIG_FILE": os.devnull, "PIP_FIND_LINKS": "", "PIP_EXTRA_INDEX_URL": ""}
    run(str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip", env=pypi_only)
    run(
        str(BIN / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--require-hashes",
        "--no-deps",
        "-r",
        str(lock),
        env=pypi_only,
    )
    # The project itself, editable; its dependencies are already there, exactly as locked.
    run(
        str(BIN / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "-e",
        ".",
        env=pypi_only,
    )
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
    run(str(BIN / "ruff"), "format", "--check", ".")
    run(str(BIN / "mypy"), "alongside")
    run(str(BIN / "lint-imports"))  # the layers declared in pyproject.toml
    services_up = answers("127.0.0.1", 5432) and answers("127.0.0.1", 6379)
    both_passes = bool(services_up or os.environ.get("CI"))
    # Tests that need to run only once (the API fuzzing) skip the SQLite pass when the
    # PostgreSQL + Redis pass follows.
    run(
        str(BIN / "pytest"),
        *args,
        env={
            "DATABASE_URL": "",
            "REDIS_URL": "",
            "ALONGSIDE_SERVICES_PASS_FOLLOWS": "1" if both_passes else "",
        },
    )
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
