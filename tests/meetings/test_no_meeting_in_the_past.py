"""A meeting cannot be scheduled in the past: the form says so next to the date, nothing is made."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from alongside.meetings.models import MeetingSeries
from tests.conftest import client_for


def schedule(client: Any, group: Any, when: Any, tz: str = "UTC") -> Any:
    return client.post(
        f"/meetings/group/{group.slug}/new/",
        {
            "title": "Circle",
            "description": "",
            "format": "online",
            "start_date": when.date().isoformat(),
            "start_time": when.strftime("%H:%M"),
            "time_zone": tz,
            "duration_minutes": 60,
            "repeat": "once",
            "capacity": 10,
            "video_url": "",
            "location": "",
        },
    )


def test_a_meeting_in_2020_is_refused_with_a_clear_error(group: Any, fay: Any) -> None:
    response = schedule(client_for(fay), group, timezone.now().replace(year=2020))
    assert response.status_code == 200
    assert "That date and time have already passed" in response.content.decode()
    assert not MeetingSeries.objects.filter(group=group).exists()


def test_earlier_today_is_the_past_too_in_the_meetings_own_time_zone(group: Any, fay: Any) -> None:
    an_hour_ago = timezone.now() - timedelta(hours=1)
    response = schedule(
        client_for(fay), group, an_hour_ago.astimezone(timezone.get_current_timezone())
    )
    assert "That date and time have already passed" in response.content.decode()


def test_a_meeting_tomorrow_is_scheduled(group: Any, fay: Any) -> None:
    response = schedule(client_for(fay), group, timezone.now() + timedelta(days=1))
    assert response.status_code == 302
    assert MeetingSeries.objects.filter(group=group).exists()
