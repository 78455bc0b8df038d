from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "ALONGSIDE_ENCRYPTION_KEY", "DEBUG", "DATABASE_URL")
    }
    return subprocess.run(
        [sys.executable, "-m", "alongside", *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({}, "SECRET_KEY is the default"),
        ({"SECRET_KEY": "x" * 50}, "ALONGSIDE_ENCRYPTION_KEY is not set"),
        (
            {
                "SECRET_KEY": "x" * 50,
                "ALONGSIDE_ENCRYPTION_KEY": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",
                "DEBUG": "true",
            },
            "DEBUG is on",
        ),
        (
            {
                "SECRET_KEY": "x" * 50,
                "ALONGSIDE_ENCRYPTION_KEY": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=",
                "ALONGSIDE_SITE_URL": "groups.example.org",
            },
            "ALONGSIDE_SITE_URL must be an http(s) address",
        ),
    ],
)
def test_serve_refuses_unsafe_settings_and_says_which(
    env: dict[str, str], complaint: str, tmp_path: Path
) -> None:
    result = run_cli("serve", env={"ALONGSIDE_DATA_DIR": str(tmp_path), **env})
    assert result.returncode == 2
    assert complaint in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_demo_serves_at_least_twelve_groups_covering_every_kind(tmp_path: Path) -> None:
    port = _free_port()
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "ALONGSIDE_DATA_DIR")
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "alongside",
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "demo"),
        ],
        cwd=ROOT,
        env=base,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/groups/", timeout=5
                ) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert page, "the demo server never answered"
        assert page.count('class="card"') >= 12
        for label in (
            "Online",
            "In person",
            "Hybrid",
            "Peer-led",
            "Professional-led",
            "Young people (under 18)",
            "Caregivers",
            'lang="es"',
        ):
            assert label in page, label
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    for role in ("admin", "moderator", "facilitator", "member", "youth member"):
        assert role in output
    # Running it again loads nothing twice.
    again = run_cli("demo", "--no-serve", "--data-dir", str(tmp_path / "demo"))
    assert "demo loaded" in again.stdout
