"""Crisis alerts as Prometheus figures, read from the database at every scrape (core.metrics).

- `alongside_open_alerts{level}`: alerts nobody has acknowledged yet;
- `alongside_open_alert_oldest_age_seconds{level}`: how long the oldest of them has waited (0: none);
- `alongside_unresolved_alerts{level}`: acknowledged or contacted, not yet resolved;
- `alongside_alert_time_to_acknowledge_seconds`: a histogram over every acknowledged alert.

Levels are the fixed words of AlertLevel; no member, group or note is ever a label.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric

from alongside.safety.models import AlertLevel, CrisisAlert

ACK_BUCKETS = (60.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 14400.0, 43200.0, 86400.0)


def collect() -> Iterator[Metric]:
    now = timezone.now()
    levels = [str(level) for level in AlertLevel.values]
    open_rows = {
        r["level"]: r
        for r in CrisisAlert.objects.filter(status=CrisisAlert.Status.OPEN)
        .values("level")
        .annotate(n=Count("id"), oldest=Min("created_at"))
    }
    unresolved = dict(
        CrisisAlert.objects.filter(
            status__in=[CrisisAlert.Status.ACKNOWLEDGED, CrisisAlert.Status.CONTACTED]
        )
        .values("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    open_count = GaugeMetricFamily(
        "alongside_open_alerts", "Crisis alerts nobody has acknowledged yet.", labels=["level"]
    )
    oldest = GaugeMetricFamily(
        "alongside_open_alert_oldest_age_seconds",
        "Seconds the oldest unacknowledged crisis alert has waited (0 when none).",
        labels=["level"],
    )
    waiting = GaugeMetricFamily(
        "alongside_unresolved_alerts",
        "Crisis alerts acknowledged (or the member contacted) but not resolved.",
        labels=["level"],
    )
    for level in levels:
        row = open_rows.get(level)
        open_count.add_metric([level], row["n"] if row else 0)
        age = (now - row["oldest"]).total_seconds() if row and row["oldest"] else 0.0
        oldest.add_metric([level], max(0.0, age))
        waiting.add_metric([level], unresolved.get(level, 0))
    yield open_count
    yield oldest
    yield waiting

    counts = [0] * len(ACK_BUCKETS)
    total, n = 0.0, 0
    for created, acknowledged in (
        CrisisAlert.objects.filter(acknowledged_at__isnull=False)
        .values_list("created_at", "acknowledged_at")
        .iterator()
    ):
        if acknowledged is None:
            continue
        seconds = max(0.0, (acknowledged - created).total_seconds())
        total += seconds
        n += 1
        for i, bound in enumerate(ACK_BUCKETS):
            if seconds <= bound:
                counts[i] += 1
    cumulative = [(str(bound), counts[i]) for i, bound in enumerate(ACK_BUCKETS)]
    yield HistogramMetricFamily(
        "alongside_alert_time_to_acknowledge_seconds",
        "Seconds from a crisis alert being raised to someone acknowledging it (every acknowledged alert).",
        buckets=[*cumulative, ("+Inf", n)],
        sum_value=total,
    )
