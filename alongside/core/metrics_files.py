"""The shared directory of prometheus_client's multiprocess mode, prepared by `alongside serve`
before any module imports prometheus_client (which reads PROMETHEUS_MULTIPROC_DIR when imported)."""

from __future__ import annotations

from pathlib import Path


def prepare(path: str) -> None:
    """Start the directory empty: a previous run's files would be added to this run's figures.
    One directory per `alongside serve` (its --workers share it); never two serves in one."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
