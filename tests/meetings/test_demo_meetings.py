from __future__ import annotations

from typing import Any

from django.utils import timezone

from alongside import demo
from alongside.meetings.models import RSVP, Meeting
from alongside.meetings.queries import my_meetings


def test_the_demo_groups_have_recurring_meetings(db: Any) -> None:
    demo.load_demo_data()
    upcoming = Meeting.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.values("group").distinct().count() >= 8
    member = RSVP.objects.get().user
    assert my_meetings(member)
