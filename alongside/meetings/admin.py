"""Meetings in the admin: read-only. Scheduling, cancelling and moving a meeting happen on the
group's meetings pages, which tell the members and update their calendars."""

from django.contrib import admin

from alongside.core.admin import ReadOnlyAdmin
from alongside.meetings.models import Meeting, MeetingSeries


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "group",
        "format",
        "start_date",
        "start_time",
        "time_zone",
        "rrule",
        "cancelled_at",
    ]
    list_filter = ["format", "group"]
    exclude = ["video_url"]  # the join link is for members


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["series", "group", "starts_at", "duration_minutes", "status", "rescheduled"]
    list_filter = ["status", "group"]
    date_hierarchy = "starts_at"
