"""Fixtures for the meetings tests: tasks run in-process unless a test runs a real worker."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from alongside.groups.models import Group
from alongside.meetings import actions
from alongside.meetings.models import Meeting, MeetingSeries

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_in_process(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


def series_starting(
    group: Group,
    by: Any,
    starts_at: datetime,
    *,
    repeat: str = "weekly",
    title: str = "Weekly meeting",
    tz: str = "UTC",
    duration: int = 90,
    capacity: int | None = None,
    **extra: Any,
) -> MeetingSeries:
    """A series whose first meeting is at `starts_at` (aware), written in zone `tz`."""
    from zoneinfo import ZoneInfo

    local = starts_at.astimezone(ZoneInfo(tz))
    return actions.create_series(
        group,
        creator=by,
        title=title,
        start_date=local.date(),
        start_time=time(local.hour, local.minute),
        timezone_name=tz,
        duration_minutes=duration,
        repeat=repeat,
        capacity=capacity,
        **extra,
    )


def meeting_at(group: Group, by: Any, starts_at: datetime, **extra: Any) -> Meeting:
    series = series_starting(group, by, starts_at, repeat="once", **extra)
    return series.meetings.get()


def soon(minutes: int = 60) -> datetime:
    return (timezone.now() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


__all__ = ["date", "meeting_at", "series_starting", "soon"]
