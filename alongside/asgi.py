"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from alongside.core.logs import websocket_request_ids  # noqa: E402
from alongside.core.routing import websocket_urlpatterns as core_routes  # noqa: E402
from alongside.rooms.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A socket's log lines carry its request id (X-Request-ID from the proxy, or a new one).
        "websocket": websocket_request_ids(
            AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(core_routes + websocket_urlpatterns))
            )
        ),
    }
)
