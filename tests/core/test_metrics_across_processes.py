"""Several server processes on one host (`serve --workers N`): a scrape answered by any of them
sums all of them, and a process that was killed stops counting its open sockets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_metrics_endpoint import TOKEN, scrape, value

ROOT = Path(__file__).resolve().parents[2]

SERVER_PROCESS = """
import sys
from alongside.core import metrics  # what a server process counts with
stored, sockets = int(sys.argv[1]), int(sys.argv[2])
metrics.MESSAGES_STORED.labels("room").inc(stored)
for _ in range(sockets):
    metrics.WEBSOCKET_CONNECTIONS.labels("room").inc()
print("ready", flush=True)
if sys.argv[3] == "stay":
    sys.stdin.read()  # until killed
"""


def start(directory: Path, stored: int, sockets: int, stay: bool) -> subprocess.Popen[str]:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SERVER_PROCESS,
            str(stored),
            str(sockets),
            "stay" if stay else "exit",
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_one_scrape_sums_the_hosts_processes_and_forgets_a_killed_ones_sockets(
    db: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.METRICS_TOKEN = TOKEN
    from alongside.core.metrics_files import prepare

    prepare(str(tmp_path))
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))  # this process answers the scrape
    finished = start(tmp_path, stored=3, sockets=0, stay=False)
    finished.wait(timeout=30)
    one = start(tmp_path, stored=2, sockets=4, stay=True)
    other = start(tmp_path, stored=1, sockets=1, stay=True)
    try:
        figures = scrape()
        assert value(figures, "alongside_messages_stored_total", kind="room") == 6
        assert value(figures, "alongside_websocket_connections", channel="room") == 5

        one.send_signal(signal.SIGKILL)  # a web process dies without a word
        one.wait(timeout=10)
        figures = scrape()
        assert value(figures, "alongside_websocket_connections", channel="room") == 1
        assert (
            value(figures, "alongside_messages_stored_total", kind="room") == 6
        )  # what was counted stays
    finally:
        for proc in (one, other):
            proc.kill()
            proc.wait(timeout=10)
