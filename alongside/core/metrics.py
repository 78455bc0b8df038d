"""Prometheus metrics: `/metrics`, answered only with `Authorization: Bearer $ALONGSIDE_METRICS_TOKEN`
(404 when the token is unset, 401 without credentials, 403 with the wrong token).

Two kinds of figures, and how several processes and hosts add up (README, "Metrics"):

- **Counted by the process that does the work** — room and thread messages stored, message frames
  delivered to sockets, screening latency, open WebSocket connections. These are prometheus_client
  metrics. When one host runs several server processes (`alongside serve --workers N`), they share
  a directory (`PROMETHEUS_MULTIPROC_DIR`, made by `serve` when unset) in prometheus_client's
  multiprocess mode, so a scrape answered by any one of them sums that host's processes. Scrape
  every web host directly (not through the proxy) and `sum()` across hosts.
- **Read from the database and Redis at scrape time** — open alerts by level and the age of the
  oldest, time to acknowledge, the task queue's depth, the workers' heartbeat. Every process
  answers the same (they share the database), so take `max()` across hosts, never `sum()`.
  Apps add these with `register_collector` from their `ready()` (safety: the alerts).

No figure carries member text, a handle or an id: labels are fixed words (a level, a kind).
"""

from __future__ import annotations

import hmac
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

import django_rq
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from rq import Worker

log = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

if os.environ.get(MULTIPROC_ENV):  # values live in files there, made as the metrics below are
    os.makedirs(os.environ[MULTIPROC_ENV], exist_ok=True)

disable_created_metrics()  # no `_created` series beside every counter: rate() needs none

# The process's own figures. In multiprocess mode their values live in files, not in this registry.
PROCESS = CollectorRegistry(auto_describe=True)

MESSAGES_STORED = Counter(
    "alongside_messages_stored",
    "Messages stored (room: live room messages; thread: thread posts).",
    ["kind"],
    registry=PROCESS,
)
MESSAGES_DELIVERED = Counter(
    "alongside_messages_delivered", "Room message frames sent to open sockets.", registry=PROCESS
)
SCREENING_SECONDS = Histogram(
    "alongside_screening_seconds",
    "Time to screen one message before it is stored (safety.screening).",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=PROCESS,
)
WEBSOCKET_CONNECTIONS = Gauge(
    "alongside_websocket_connections",
    "Open WebSocket connections (room: live rooms; personal: /ws/me/).",
    ["channel"],
    multiprocess_mode="livesum",
    registry=PROCESS,
)

for _kind in ("room", "thread"):
    MESSAGES_STORED.labels(_kind)  # present at 0 from the start, so rate() has a baseline
for _channel in ("room", "personal"):
    WEBSOCKET_CONNECTIONS.labels(_channel)


# -- figures read at scrape time --------------------------------------------------------------

Collector = Callable[[], Iterable[Metric]]
_collectors: list[Collector] = []


def register_collector(collect: Collector) -> None:
    """Add figures read at scrape time (from the database or Redis). `collect` yields
    prometheus_client metric families; it runs in the request that scrapes."""
    if collect not in _collectors:
        _collectors.append(collect)


def _task_queue() -> Iterator[Metric]:
    """The task queue's depth and the newest worker heartbeat (Redis queue only)."""
    if settings.TASK_QUEUE != "redis":
        return
    depth = GaugeMetricFamily(
        "alongside_task_queue_depth", "Background tasks waiting in the queue.", labels=["queue"]
    )
    workers = GaugeMetricFamily(
        "alongside_workers", "Background workers registered with the queue."
    )
    age = GaugeMetricFamily(
        "alongside_worker_heartbeat_age_seconds",
        "Seconds since the newest worker heartbeat (absent when no worker is registered).",
    )
    queue = django_rq.get_queue("default")
    depth.add_metric(["default"], queue.count)
    beats = [w.last_heartbeat for w in Worker.all(queue=queue) if w.last_heartbeat is not None]
    workers.add_metric([], len(beats))
    yield depth
    yield workers
    if beats:
        newest = max(b if b.tzinfo else b.replace(tzinfo=UTC) for b in beats)
        age.add_metric([], max(0.0, (datetime.now(UTC) - newest).total_seconds()))
        yield age


register_collector(_task_queue)


class _ScrapeTime:
    """Runs the registered collectors; one that fails is reported, not fatal to the scrape."""

    def collect(self) -> Iterator[Metric]:
        failed = GaugeMetricFamily(
            "alongside_metrics_collector_failed",
            "1 when a figure could not be read at this scrape (see the logs).",
            labels=["collector"],
        )
        for collect in list(_collectors):
            name = f"{collect.__module__}.{collect.__qualname__}"
            try:
                families = list(collect())
            except Exception:
                log.exception("metrics collector %s failed", name)
                failed.add_metric([name], 1)
                continue
            yield from families
            failed.add_metric([name], 0)
        yield failed


# -- several processes on one host -------------------------------------------------------------


def multiprocess_dir() -> str:
    return os.environ.get(MULTIPROC_ENV, "")


_PID_FILE = re.compile(r"^gauge_live\w*_(\d+)\.db$")


def _forget_dead_processes(directory: str) -> None:
    """A server process that died (kill -9, a crash) cannot say so: drop its live gauges, so its
    sockets are not counted as open forever."""
    for entry in os.listdir(directory):
        match = _PID_FILE.match(entry)
        if not match:
            continue
        pid = int(match.group(1))
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, directory)
        except PermissionError:
            pass  # alive, someone else's


def exposition() -> bytes:
    """Everything /metrics answers, in Prometheus's text format."""
    registry = CollectorRegistry(auto_describe=False)
    directory = multiprocess_dir()
    if directory:
        _forget_dead_processes(directory)
        multiprocess.MultiProcessCollector(registry, directory)
    else:
        registry.register(_Process())
    registry.register(_ScrapeTime())
    return generate_latest(registry)


class _Process:
    def collect(self) -> Iterator[Metric]:
        yield from PROCESS.collect()


# -- the endpoint -----------------------------------------------------------------------------


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def view(request: HttpRequest) -> HttpResponse:
    """GET /metrics for Prometheus. The token is checked on every scrape."""
    expected: str = settings.METRICS_TOKEN
    if not expected:
        raise Http404("Metrics are off: set ALONGSIDE_METRICS_TOKEN to turn them on.")
    given = _bearer(request)
    if given is None:
        response = HttpResponse(
            "Metrics need Authorization: Bearer <ALONGSIDE_METRICS_TOKEN>.\n",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return HttpResponse(
            "That metrics token is not the one configured.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    if request.method not in ("GET", "HEAD"):
        return HttpResponse("Only GET.\n", status=405, content_type="text/plain; charset=utf-8")
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
