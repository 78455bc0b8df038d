"""Recurring series: RFC 5545 rules, stored in UTC, right across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from alongside.meetings import actions, recurrence
from alongside.meetings.queries import format_when
from tests.conftest import client_for, join, make_user


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_london_evening_meeting_stays_at_7pm_local_across_the_march_change() -> None:
    # BST starts on Sunday 29 March 2026: 19:00 local is 19:00 UTC before and 18:00 UTC after.
    starts = recurrence.occurrences(
        datetime(2026, 3, 17, 19, 0),
        "Europe/London",
        "FREQ=WEEKLY;BYDAY=TU",
        utc(2026, 3, 1),
        utc(2026, 4, 10),
    )
    assert starts == [
        utc(2026, 3, 17, 19),
        utc(2026, 3, 24, 19),
        utc(2026, 3, 31, 18),
        utc(2026, 4, 7, 18),
    ]


def test_a_london_evening_meeting_stays_at_7pm_local_across_the_october_change() -> None:
    # BST ends on Sunday 25 October 2026.
    starts = recurrence.occurrences(
        datetime(2026, 10, 13, 19, 0),
        "Europe/London",
        "FREQ=WEEKLY;BYDAY=TU",
        utc(2026, 10, 1),
        utc(2026, 11, 4),
    )
    assert starts == [
        utc(2026, 10, 13, 18),
        utc(2026, 10, 20, 18),
        utc(2026, 10, 27, 19),
        utc(2026, 11, 3, 19),
    ]


def test_every_other_week_skips_a_week() -> None:
    start = date(2026, 1, 8)  # a Thursday
    rule = recurrence.rule_for(recurrence.FORTNIGHTLY, start)
    starts = recurrence.occurrences(
        datetime.combine(start, time(18)), "UTC", rule, utc(2026, 1, 1), utc(2026, 2, 15)
    )
    assert [s.date() for s in starts] == [date(2026, 1, 8), date(2026, 1, 22), date(2026, 2, 5)]


def test_monthly_by_weekday_keeps_the_second_tuesday() -> None:
    start = date(2026, 1, 13)  # the 2nd Tuesday of January 2026
    rule = recurrence.rule_for(recurrence.MONTHLY_WEEKDAY, start)
    assert rule == "FREQ=MONTHLY;BYDAY=2TU"
    starts = recurrence.occurrences(
        datetime.combine(start, time(10, 30)),
        "Europe/London",
        rule,
        utc(2026, 1, 1),
        utc(2026, 5, 1),
    )
    assert [s.date() for s in starts] == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
    ]
    assert starts[-1] == utc(2026, 4, 14, 9, 30)  # 10:30 BST


def test_a_fifth_weekday_start_means_the_last_one_each_month() -> None:
    assert (
        recurrence.rule_for(recurrence.MONTHLY_WEEKDAY, date(2026, 3, 31))
        == "FREQ=MONTHLY;BYDAY=-1TU"
    )


def test_a_new_york_member_sees_the_london_meeting_move_for_the_weeks_the_clocks_disagree(
    group: Any, fay: Any
) -> None:
    # The US changes on 8 March, the UK on 29 March: for three weeks the gap is 4 hours, not 5.
    series = actions.create_series(
        group,
        creator=fay,
        title="Tuesday group",
        start_date=date(2026, 3, 3),
        start_time=time(19),
        timezone_name="Europe/London",
        repeat="weekly",
        duration_minutes=90,
    )
    meetings = list(series.meetings.filter(starts_at__lt=utc(2026, 4, 8)).order_by("starts_at"))
    assert [m.starts_at for m in meetings] == [
        utc(2026, 3, 3, 19),
        utc(2026, 3, 10, 19),
        utc(2026, 3, 17, 19),
        utc(2026, 3, 24, 19),
        utc(2026, 3, 31, 18),
        utc(2026, 4, 7, 18),
    ]
    nyc = make_user("nyc", timezone="America/New_York")
    london = make_user("lon", timezone="Europe/London")
    assert "14:00" in format_when(meetings[0], nyc)
    assert "15:00" in format_when(meetings[1], nyc)
    assert "14:00" in format_when(meetings[4], nyc)
    assert all("19:00" in format_when(m, london) for m in meetings)


def test_my_meetings_shows_times_in_my_own_zone(group: Any, fay: Any) -> None:
    from django.utils import timezone

    soon = timezone.now() + timedelta(days=2)
    actions.create_series(
        group,
        creator=fay,
        title="Madrid time",
        start_date=soon.date(),
        start_time=time(20),
        timezone_name="Europe/Madrid",
        repeat="once",
        duration_minutes=60,
    )
    tokyo = make_user("tokyo", timezone="Asia/Tokyo")
    join(tokyo, group)
    page = client_for(tokyo).get("/meetings/mine/").content.decode()
    assert "Madrid time" in page and "Asia/Tokyo" in page
    # 20:00 in Madrid is 04:00 (winter) or 03:00 (summer) the next day in Tokyo.
    assert "04:00" in page or "03:00" in page


def test_an_invalid_time_zone_is_refused_with_a_clear_message(group: Any, fay: Any) -> None:
    import pytest

    with pytest.raises(actions.MeetingActionError, match="time zone"):
        actions.create_series(
            group,
            creator=fay,
            title="x",
            start_date=date(2026, 3, 3),
            start_time=time(19),
            timezone_name="Mars/Olympus",
            repeat="weekly",
        )


def test_expanding_twice_creates_no_duplicates(group: Any, fay: Any) -> None:
    series = actions.create_series(
        group,
        creator=fay,
        title="x",
        start_date=date.today(),
        start_time=time(19),
        timezone_name="Europe/London",
        repeat="weekly",
    )
    n = series.meetings.count()
    assert n >= 16
    actions.expand_series(series)
    actions.expand_all_series()
    assert series.meetings.count() == n


def test_a_time_skipped_by_the_spring_change_moves_forward_not_away() -> None:
    # 01:30 does not exist in London on 29 March 2026; the meeting still happens that day, at 02:30 BST.
    starts = recurrence.occurrences(
        datetime(2026, 3, 22, 1, 30),
        "Europe/London",
        "FREQ=WEEKLY;BYDAY=SU",
        utc(2026, 3, 20),
        utc(2026, 4, 6),
    )
    assert starts == [utc(2026, 3, 22, 1, 30), utc(2026, 3, 29, 1, 30), utc(2026, 4, 5, 0, 30)]


def test_the_scheduler_extends_series_as_time_passes(group: Any, fay: Any) -> None:
    from django.utils import timezone

    series = actions.create_series(
        group,
        creator=fay,
        title="x",
        start_date=date.today(),
        start_time=time(19),
        timezone_name="Europe/London",
        repeat="weekly",
    )
    last = series.meetings.order_by("-starts_at").first()
    assert last is not None
    assert actions.expand_all_series() == 0  # nothing to do on the next tick
    assert actions.expand_all_series(now=timezone.now() + timedelta(days=30)) >= 4
    assert series.meetings.order_by("-starts_at").first().starts_at > last.starts_at  # type: ignore[union-attr]
