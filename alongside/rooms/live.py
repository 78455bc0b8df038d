"""Sending live events to everyone connected to a group's room.

Contract for other apps (meetings, safety): `broadcast_to_room(group_id, payload)` delivers the
JSON-serialisable `payload` to every client connected to that group's live room, as a WebSocket
message `{"type": "event", "event": payload}`. The rooms work owns how it is carried.
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def room_group_name(group_id: int) -> str:
    return f"room.{group_id}"


def broadcast_to_room(group_id: int, payload: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(room_group_name(group_id), {"type": "room.event", "event": payload})
