"""/metrics: Prometheus figures for the operator, only with the configured bearer token; the
product's own figures move when people do things (a thread post, a crisis alert raised and
acknowledged)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from alongside.rooms import actions as room_actions
from alongside.safety import actions as safety_actions
from alongside.safety.models import CrisisAlert
from tests.conftest import client_for, join

TOKEN = "a-long-random-scrape-token"


@pytest.fixture
def metrics_on(settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN


def scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.content.decode())
        for s in family.samples
    }


def value(
    figures: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


def test_it_is_not_there_when_no_token_is_configured(db: Any, settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


def test_it_asks_for_the_token(db: Any, metrics_on: None) -> None:
    response = Client().get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"alongside_" not in response.content


def test_it_refuses_the_wrong_token(db: Any, metrics_on: None) -> None:
    for header in (f"Bearer {TOKEN}x", "Bearer a-long-random", f"Basic {TOKEN}"):
        response = Client().get("/metrics", HTTP_AUTHORIZATION=header)
        assert response.status_code in (401, 403), header
        assert b"alongside_" not in response.content


def test_it_refuses_a_member_who_is_signed_in(alice: Any, metrics_on: None) -> None:
    assert client_for(alice).get("/metrics").status_code == 401


@pytest.mark.django_db(transaction=True)  # counted when the post commits
def test_a_thread_post_is_counted_stored_and_screened(
    group: Any, alice: Any, metrics_on: None
) -> None:
    join(alice, group, share=True)
    before = scrape()
    response = client_for(alice).post(
        reverse("rooms:threads", args=[group.slug]),
        {"title": "Sleep", "text": "Walking helped me sleep this week."},
    )
    assert response.status_code in (200, 302)
    after = scrape()
    assert (
        value(after, "alongside_messages_stored_total", kind="thread")
        == value(before, "alongside_messages_stored_total", kind="thread") + 1
    )
    assert (
        value(after, "alongside_screening_seconds_count")
        >= value(before, "alongside_screening_seconds_count") + 1
    )
    assert value(after, "alongside_screening_seconds_sum") > value(
        before, "alongside_screening_seconds_sum"
    )


@pytest.mark.django_db(transaction=True)
def test_a_crisis_alert_shows_until_it_is_acknowledged(
    group: Any, alice: Any, fay: Any, metrics_on: None
) -> None:
    join(alice, group, share=True)
    before = scrape()
    assert value(before, "alongside_open_alerts", level="concern") == 0
    assert value(before, "alongside_open_alerts", level="high") == 0
    assert value(before, "alongside_open_alert_oldest_age_seconds", level="high") == 0
    # A real message from a member in crisis raises the alert through the screen.
    room_actions.send_message(alice, group, "c1", "I don't want to be here any more")
    alert = CrisisAlert.objects.get(member=alice)
    during = scrape()
    assert value(during, "alongside_open_alerts", level=alert.level) == 1
    assert value(during, "alongside_open_alert_oldest_age_seconds", level=alert.level) >= 0
    assert (
        value(during, "alongside_messages_stored_total", kind="room")
        == value(before, "alongside_messages_stored_total", kind="room") + 1
    )
    acked_before = value(during, "alongside_alert_time_to_acknowledge_seconds_count")

    safety_actions.acknowledge_alert(fay, alert, note="On it")
    after = scrape()
    assert value(after, "alongside_open_alerts", level=alert.level) == 0
    assert value(after, "alongside_unresolved_alerts", level=alert.level) == 1
    assert value(after, "alongside_alert_time_to_acknowledge_seconds_count") == acked_before + 1
    assert (
        value(after, "alongside_alert_time_to_acknowledge_seconds_bucket", le="+Inf")
        == acked_before + 1
    )


def test_an_old_unacknowledged_alert_shows_its_age(alice: Any, metrics_on: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    safety_actions.raise_crisis_alert(
        alice, level="high", now=timezone.now() - timedelta(minutes=20)
    )
    figures = scrape()
    assert value(figures, "alongside_open_alerts", level="high") == 1
    assert (
        20 * 60 <= value(figures, "alongside_open_alert_oldest_age_seconds", level="high") < 25 * 60
    )


def test_no_member_text_or_handle_is_in_the_figures(
    group: Any, alice: Any, metrics_on: None
) -> None:
    join(alice, group, share=True)
    room_actions.send_message(alice, group, "c1", "I don't want to be here any more")
    body = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert "want to be here" not in body and "alice" not in body and group.slug not in body


def test_the_task_queue_depth_and_worker_heartbeat_show_with_the_redis_queue(
    db: Any, settings: Any, metrics_on: None
) -> None:
    if settings.TASK_QUEUE != "redis":
        figures = scrape()
        assert not any(name.startswith("alongside_task_queue") for name, _labels in figures)
        return  # tasks run inside the web process: there is no queue to watch
    import django_rq
    from rq import Worker

    from alongside.core.tasks import run_periodic_job

    queue = django_rq.get_queue("default")
    before = scrape()
    result = run_periodic_job.enqueue(name="safety.escalate_alerts")  # no worker runs in the tests
    worker = Worker([queue], connection=queue.connection, name=f"metrics-test-{uuid.uuid4().hex}")
    worker.register_birth()  # what `alongside worker` does when it starts, then a heartbeat
    worker.heartbeat()
    try:
        figures = scrape()
        assert (
            value(figures, "alongside_task_queue_depth", queue="default")
            == value(before, "alongside_task_queue_depth", queue="default") + 1
        )
        assert value(figures, "alongside_workers") == value(before, "alongside_workers") + 1
        assert 0 <= value(figures, "alongside_worker_heartbeat_age_seconds") < 60
        assert (
            value(
                figures,
                "alongside_metrics_collector_failed",
                collector="alongside.core.metrics._task_queue",
            )
            == 0
        )
    finally:
        queue.remove(result.id)
        worker.register_death()


def test_the_example_grafana_dashboard_only_plots_figures_that_exist(
    db: Any, metrics_on: None
) -> None:
    import json
    import re
    from pathlib import Path

    dashboard = json.loads(
        (Path(__file__).resolve().parents[2] / "deploy/grafana/alongside.json").read_text()
    )
    plotted = {
        name
        for panel in dashboard["panels"]
        for target in panel["targets"]
        for name in re.findall(r"alongside_[a-z_]+", target["expr"])
    }
    body = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    exposed = set(re.findall(r"^(alongside_[a-z_]+)", body, flags=re.MULTILINE))
    # Shown only with the Redis queue, and the heartbeat only while a worker is registered.
    queue_only = {
        "alongside_task_queue_depth",
        "alongside_workers",
        "alongside_worker_heartbeat_age_seconds",
    }
    assert plotted - queue_only <= exposed
    assert len(plotted) >= 10
