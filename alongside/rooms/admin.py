"""Rooms in the admin: read-only settings (slow mode, locked). Messages are not shown here:
members' words are read in the room, under the room's own rules."""

from django.contrib import admin

from alongside.core.admin import ReadOnlyAdmin
from alongside.rooms.models import Room


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin):
    list_display = ["group", "slow_mode_seconds", "locked", "last_seq"]
    list_filter = ["locked"]
