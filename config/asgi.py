"""ASGI entry point (HTTP and WebSockets), e.g. `daphne config.asgi:application`.

WebSockets carry the video room's signalling (consultations.routing) and the support chat
(support.routing): the session cookie authenticates them, and only the site's own origins may open one.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# Django first: the routing below imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from consultations.routing import websocket_urlpatterns as consultation_patterns  # noqa: E402
from support.routing import websocket_urlpatterns as support_patterns  # noqa: E402

websocket_urlpatterns = [*consultation_patterns, *support_patterns]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
