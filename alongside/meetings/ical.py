"""iCalendar output (RFC 5545) with the icalendar library: one .ics per meeting, and a private
feed per member. Times are written in UTC, so every calendar app places them right."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from alongside.accounts.language import in_language_of
from alongside.core.links import site_url
from alongside.groups import access
from alongside.groups.models import Membership
from alongside.meetings.models import Meeting

PRODID = "-//Alongside//Meetings//EN"
FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=120)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def calendar_title(group: Any) -> str:
    """What calendars call the group's meetings: its chosen public name, else a neutral one."""
    return (group.calendar_name or "").strip() or _("Group meeting")


def _event(meeting: Meeting, user: Any, base_url: str) -> Event:
    series, group = meeting.series, meeting.group
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@alongside")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    # Only the name the group chose for calendars: a shared work calendar shows titles to
    # colleagues, and neither the group's name nor its series title may say what it is about.
    event.add("summary", calendar_title(group))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    url = f"{base_url}{meeting.get_absolute_url()}"
    event.add("url", url)
    lines = [series.description] if series.description else []
    if meeting.note:
        lines.append(meeting.note)
    member = access.can_view_location(user, group)
    if meeting.is_online:
        lines.append(
            _("Online, in the group's room (opens 10 minutes before): %(url)s") % {"url": url}
        )
        if series.video_url and member:
            lines.append(_("Video link: %(url)s") % {"url": series.video_url})
    if meeting.has_place and member and series.place:
        # The place is shown to members only (groups/access.py).
        event.add("location", series.place)
    lines.append(url)
    event.add("description", "\n".join(lines))
    return event


def meeting_ics(meeting: Meeting, user: Any, *, base_url: str = "") -> bytes:
    with in_language_of(user):
        cal = _calendar(calendar_title(meeting.group))
        cal.add_component(_event(meeting, user, base_url or site_url()))
    return cal.to_ical()


def feed_meetings(user: Any) -> Iterable[Meeting]:
    now = timezone.now()
    groups = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
        "group_id", flat=True
    )
    return (
        Meeting.objects.filter(
            group_id__in=list(groups),
            starts_at__gte=now - FEED_PAST,
            starts_at__lte=now + FEED_AHEAD,
        )
        .select_related("series", "group")
        .order_by("starts_at")
    )


def feed_ics(user: Any, *, base_url: str = "") -> bytes:
    cal = _calendar("Alongside")
    base = base_url or site_url()
    with in_language_of(user):
        for meeting in feed_meetings(user):
            cal.add_component(_event(meeting, user, base))
    return cal.to_ical()
