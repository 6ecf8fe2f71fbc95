"""What a hit says, reduced to what the counters keep: a path, an external referrer's host, a
coarse device class, a language. Nothing here is stored per person."""

import re
from urllib.parse import urlsplit

from .models import HOST_MAX_LENGTH, PATH_MAX_LENGTH, Device

# Crawlers, link previews and scripts: counted by nobody. Headless Chromium is not among them
# (browser tests drive it, and it runs the beacon like any browser).
_BOT = re.compile(
    r"bot|crawl|spider|slurp|bingpreview|facebookexternalhit|embedly|preview|monitor|pingdom|"
    r"lighthouse|pagespeed|curl|wget|python-|httpx|aiohttp|go-http|java/|okhttp|libwww|scrapy|"
    r"feedfetcher|validator|ahrefs|semrush|yandex|baidu",
    re.IGNORECASE,
)
_TABLET = re.compile(r"ipad|tablet|kindle|silk|playbook|(android(?!.*mobile))", re.IGNORECASE)
_MOBILE = re.compile(r"mobi|iphone|ipod|android|blackberry|opera mini|iemobile|windows phone", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}")
# Where nobody is counted: the admin and the technical endpoints.
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/audience/", "/cookies/", "/static/", "/media/")


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(_BOT.search(user_agent))


def is_prefetch(request) -> bool:
    """Speculative loads (prefetch, prerender) are not page views."""
    purpose = (
        request.headers.get("Sec-Purpose", "")
        or request.headers.get("Purpose", "")
        or request.headers.get("X-Moz", "")
        or request.headers.get("X-Purpose", "")
    )
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower() or "preview" in purpose.lower()


def device(user_agent: str) -> str:
    if _TABLET.search(user_agent):
        return Device.TABLET
    if _MOBILE.search(user_agent):
        return Device.MOBILE
    return Device.DESKTOP


def clean_path(raw: str) -> str | None:
    """A path of our site (no host, no query string, no fragment), or None."""
    if not raw or not raw.startswith("/") or raw.startswith("//") or "\\" in raw:
        return None
    path = urlsplit(raw).path
    if not path or len(path) > PATH_MAX_LENGTH or any(ord(c) < 32 for c in path):
        return None
    if path.startswith(EXCLUDED_PREFIXES):
        return None
    return path


def referrer_host(raw: str, *, own_host: str) -> str | None:
    """The host of another site the visitor came from; our own pages and odd values give None."""
    if not raw or len(raw) > 2000:
        return None
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or len(host) > HOST_MAX_LENGTH:
        return None
    own = own_host.lower().split(":")[0]
    if host == own or host == f"www.{own}" or own == f"www.{host}":
        return None
    return host.removeprefix("www.")


def language(raw: str, *, accept_language: str = "") -> str:
    """The primary language subtag ("fr", "en"): the browser's, else its Accept-Language."""
    for candidate in (raw, accept_language):
        match = _LANGUAGE.match((candidate or "").strip())
        if match:
            return match.group(0).lower()
    return "?"
