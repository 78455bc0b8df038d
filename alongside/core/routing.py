"""WebSocket routes that belong to no feature app: the per-person live channel."""

from django.urls import URLPattern, path

from alongside.core.personal import PersonalChannel

websocket_urlpatterns: list[URLPattern] = [
    path("ws/me/", PersonalChannel.as_asgi()),  # type: ignore[arg-type]
]
