"""ICE servers for a room: STUN as configured, TURN with time-limited credentials.

The TURN REST scheme that coturn implements with `use-auth-secret`: the username is
"<expiry as a Unix time>:<who>", the password base64(HMAC-SHA1(shared secret, username)).
coturn recomputes the password from the username and refuses it once the expiry has passed, so
nothing is stored, and credentials die with the room. They are only ever given to the two parties
(the room page is theirs alone).
"""

import base64
import hashlib
import hmac
from datetime import datetime

from django.conf import settings


def credentials(*, expires_at: datetime, subject: str, secret: str) -> tuple[str, str]:
    username = f"{int(expires_at.timestamp())}:{subject}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(*, expires_at: datetime, subject: str) -> list[dict]:
    """RTCIceServer dictionaries, as the browser's RTCPeerConnection takes them."""
    servers = []
    if settings.STUN_URLS:
        servers.append({"urls": list(settings.STUN_URLS)})
    if settings.TURN_URLS and settings.TURN_SHARED_SECRET:
        username, password = credentials(
            expires_at=expires_at, subject=subject, secret=settings.TURN_SHARED_SECRET
        )
        servers.append({"urls": list(settings.TURN_URLS), "username": username, "credential": password})
    return servers
