"""WebSocket routes for live rooms."""

from django.urls import URLPattern, path

from alongside.rooms.consumers import RoomConsumer

websocket_urlpatterns: list[URLPattern] = [
    path("ws/rooms/<slug:slug>/", RoomConsumer.as_asgi()),  # type: ignore[arg-type]
]
