"""Bans in the front cache (Varnish, VARNISH_URL) for what Wagtail's purges do not cover.

Wagtail purges a page's URLs when it is published, moved or deleted. A booking publishes
nothing, yet it changes a practitioner's profile in every `?semaine=` variant and the
directory under every filter: those are banned by prefix (deploy/varnish/default.vcl accepts
`BAN` with `X-Ban-Url: <regex>` from the app's host), through the task worker after commit, as
Wagtail's purges are. Without VARNISH_URL nothing is sent (pages showing slots are kept 60 s at
most by any front cache anyway, pagecache.expiry).
"""

import http.client
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)
_SAFE_PATH = re.compile(r"^/[\w\-/.%~]*$")


def enabled() -> bool:
    return bool(getattr(settings, "VARNISH_URL", ""))


def ban_slot_pages_after_commit(practitioner_id: int) -> None:
    if not enabled():
        return
    from .tasks import ban_slot_pages

    transaction.on_commit(lambda: ban_slot_pages.enqueue(practitioner_id))


def slot_page_bans(practitioner_id: int) -> list[tuple[str, str]]:
    """[(Host, URL regex)]: the practitioner's live profiles and the live directories, each in
    every variant (query strings)."""
    from practitioners_directory.models import DirectoryPage, PractitionerPage

    pages = [
        *PractitionerPage.objects.live().filter(practitioner_id=practitioner_id),
        *DirectoryPage.objects.live(),
    ]
    bans = []
    for page in pages:
        parts = page.get_url_parts()
        if parts is None:
            continue
        _site_id, root_url, path = parts
        if not _SAFE_PATH.match(path):
            continue  # never put anything but a plain path in the ban expression
        bans.append((urlsplit(root_url).netloc, "^" + re.escape(path)))
    return bans


def send_ban(host: str, url_regex: str, *, timeout: float = 5) -> int:
    """One BAN to Varnish; returns its HTTP status."""
    location = urlsplit(settings.VARNISH_URL)
    conn = http.client.HTTPConnection(location.hostname, location.port or 80, timeout=timeout)
    try:
        conn.request("BAN", "/", headers={"Host": host, "X-Ban-Url": url_regex})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()
