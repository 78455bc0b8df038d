"""WebSocket routes for live rooms."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
