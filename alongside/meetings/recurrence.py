"""Recurrence for meeting series: RFC 5545 rules through python-dateutil. No database here.

A series is stored as its *local* start (a naive wall-clock datetime), an IANA time zone and an
RRULE. Occurrences are expanded in local wall-clock time and only then converted to UTC, so a
19:00 Europe/London meeting stays at 19:00 local across the daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrulestr

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# Presets offered in the form; any valid RRULE is accepted underneath.
ONCE = "once"
WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY_WEEKDAY = "monthly_weekday"


def is_valid_timezone(name: str) -> bool:
    if not name or name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def nth_weekday_of(day: date) -> tuple[int, str]:
    """(n, weekday) such that `day` is the n-th weekday of its month; the 5th is the last (-1)."""
    n = (day.day - 1) // 7 + 1
    return (-1 if n == 5 else n), WEEKDAYS[day.weekday()]


def rule_for(preset: str, start: date) -> str:
    """The RRULE text for a preset, anchored on the first meeting's date."""
    weekday = WEEKDAYS[start.weekday()]
    if preset == ONCE:
        return ""
    if preset == WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if preset == FORTNIGHTLY:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    if preset == MONTHLY_WEEKDAY:
        n, wd = nth_weekday_of(start)
        return f"FREQ=MONTHLY;BYDAY={n}{wd}"
    raise ValueError(f"unknown repeat preset {preset!r}")


def preset_of(rule: str) -> str:
    if not rule:
        return ONCE
    if "FREQ=MONTHLY" in rule:
        return MONTHLY_WEEKDAY
    if "INTERVAL=2" in rule:
        return FORTNIGHTLY
    return WEEKLY


def validate_rule(rule: str, start_local: datetime) -> None:
    """Raise ValueError when the rule cannot be parsed."""
    if rule:
        rrulestr(rule, dtstart=start_local)


def to_utc(local: datetime, tz: str) -> datetime:
    """A naive wall-clock time in `tz` as an aware UTC datetime.

    A time that does not exist (skipped by the spring change) is moved forward by the gap, which
    is what zoneinfo does with fold=0; an ambiguous one (autumn) takes the first, summer-time one.
    """
    aware = local.replace(tzinfo=ZoneInfo(tz), fold=0)
    return aware.astimezone(UTC)


def occurrences(
    start_local: datetime, tz: str, rule: str, after: datetime, before: datetime
) -> list[datetime]:
    """UTC start times of the series' occurrences with after <= start < before (both aware)."""
    start_local = start_local.replace(tzinfo=None)
    if not rule:
        only = to_utc(start_local, tz)
        return [only] if after <= only < before else []
    zone = ZoneInfo(tz)
    # Widen the local window by a day each side: local and UTC differ by at most ~14 hours.
    lo = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    hi = before.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    lo = max(lo, start_local)
    if hi < lo:
        return []
    local_times = rrulestr(rule, dtstart=start_local).between(lo, hi, inc=True)
    result = [to_utc(t, tz) for t in local_times]
    return [t for t in result if after <= t < before]
