"""Demo meetings for the demo organisation's groups (called from alongside.demo.load_demo_data)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from alongside.groups.models import Group, Membership
from alongside.meetings import actions
from alongside.meetings.models import Meeting

WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}

# group name -> (title, weekday, start, minutes, time zone, rule with {day} for the weekday)
SCHEDULES: dict[str, tuple[str, str, time, int, str, str]] = {
    "Tuesday Evening Depression Support": (
        "Tuesday evening meeting",
        "TU",
        time(19),
        90,
        "Europe/London",
        "FREQ=WEEKLY;BYDAY={day}",
    ),
    "Anxiety Circle": (
        "Anxiety Circle session",
        "TH",
        time(18),
        90,
        "Europe/London",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
    ),
    "Steady Ground: Veterans' PTSD Group": (
        "Monday morning group",
        "MO",
        time(10),
        90,
        "Europe/London",
        "FREQ=WEEKLY;BYDAY={day}",
    ),
    "Bipolar Peer Connection": (
        "Sunday check-in",
        "SU",
        time(17),
        60,
        "Europe/London",
        "FREQ=WEEKLY;BYDAY={day}",
    ),
    "Carers' Cuppa": (
        "Carers' Cuppa",
        "WE",
        time(13),
        90,
        "Europe/London",
        "FREQ=MONTHLY;BYDAY=1{day},3{day}",
    ),
    "Teen Headspace": (
        "Teen Headspace",
        "WE",
        time(16, 30),
        60,
        "Europe/London",
        "FREQ=WEEKLY;BYDAY={day}",
    ),
    "Grupo de apoyo: depresión y ansiedad": (
        "Reunión semanal",
        "TH",
        time(20),
        90,
        "Europe/Madrid",
        "FREQ=WEEKLY;BYDAY={day}",
    ),
    "Workplace Stress & Burnout": (
        "Lunchtime session",
        "TU",
        time(12, 30),
        45,
        "Europe/London",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}",
    ),
    "After Loss: Grief Support": (
        "Monthly grief support",
        "SA",
        time(10, 30),
        90,
        "Europe/London",
        "FREQ=MONTHLY;BYDAY=2{day}",
    ),
    "Young Adults Connect": (
        "Saturday connect",
        "SA",
        time(18),
        60,
        "Europe/London",
        "FREQ=WEEKLY;BYDAY={day}",
    ),
}


def _next(weekday: str, today: date) -> date:
    return today + timedelta(days=(WEEKDAY[weekday] - today.weekday()) % 7)


def load_demo_data() -> None:
    today = timezone.now().date()
    for name, (title, day, start, minutes, tz, rule) in SCHEDULES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        facilitator = (
            Membership.objects.filter(group=group, role=Membership.Role.FACILITATOR)
            .select_related("user")
            .first()
        )
        if facilitator is None:
            continue
        actions.create_series(
            group,
            creator=facilitator.user,
            title=title,
            start_date=_next(day, today),
            start_time=start,
            timezone_name=tz,
            duration_minutes=minutes,
            rrule=rule.format(day=day),
            capacity=min(group.capacity, 12),
        )
    # The demo member has said yes to the next Tuesday meeting, so "My meetings" and reminders show.
    tuesday = Group.objects.filter(name="Tuesday Evening Depression Support").first()
    if tuesday is not None:
        member = (
            Membership.objects.filter(group=tuesday, user__handle="quietfern")
            .select_related("user")
            .first()
        )
        nxt = (
            Meeting.objects.filter(group=tuesday, starts_at__gt=timezone.now())
            .order_by("starts_at")
            .first()
        )
        if member and nxt:
            actions.rsvp(nxt, member.user)
