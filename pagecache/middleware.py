"""Anonymous page cache: public pages stored whole in the `pages` cache and served from it.

First in MIDDLEWARE: a hit is answered before sessions, authentication, the locale, the CSRF
check or any database work. What is stored is the final response, security headers included
(every other middleware already added its headers on the way out), so a hit is the same page.

Looked up only for anonymous GET/HEAD (no session, messages or other sign-in cookie, no
Authorization header); the consent and language cookies do not split the key (pages carry no
per-visitor data, the language is in the URL). The key is scheme, host, path and the normalised
query string (known parameters only, sorted, each once; anything else: not cached). Stored only
for GET 200 of the allowed views (Wagtail pages, legal pages) with no cookie set, no CSRF token,
no `private`/`no-store`/`no-cache`, and a query string only for pages that declare its
parameters (`page_cache_query_params`). Entries carry the generation in force before rendering
and are served only while it is current (pagecache.generation; one get_many per lookup), and
the numbers of the scopes they depend on (pagecache.dependencies: pages showing free slots; a
second get_many for those).
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from . import dependencies, expiry, generation

HEADER = "X-Page-Cache"
DEFAULT_URL_NAMES = (
    "wagtail_serve",
    "legal:index",
    "legal:document",
    "legal:version",
    "legal:history",
)
# The directory's filters and its pagination (practitioners_directory.forms.DirectorySearchForm).
# The profile's week (practitioners_directory.PractitionerPage).
DEFAULT_QUERY_PARAMS = (
    *("q", "approche", "theme", "langue", "genre", "prix_min", "prix_max", "lieu", "disponible", "page"),
    "semaine",
)
_UNCACHEABLE_CONTROL = ("private", "no-store", "no-cache")


def cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 300))


def _bypass_cookies() -> tuple[str, ...]:
    names = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
    return (*names, *getattr(settings, "PAGE_CACHE_BYPASS_COOKIES", ()))


def _skipped_prefixes() -> tuple[str, ...]:
    return tuple(url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url and url.startswith("/"))


def normalised_query(query_string: str) -> str | None:
    """Sorted known parameters, each given once; None when the query cannot be cached."""
    if not query_string:
        return ""
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, strict_parsing=True, max_num_fields=20)
    except ValueError:
        return None
    known = getattr(settings, "PAGE_CACHE_QUERY_PARAMS", DEFAULT_QUERY_PARAMS)
    names = [name for name, _value in pairs]
    if len(set(names)) != len(names) or any(name not in known for name in names):
        return None
    return urlencode(sorted(pairs))


def is_signed_in_request(request) -> bool:
    """Anyone who may see a personal page: a session or messages cookie, an Authorization header."""
    cookies = request.COOKIES
    return "HTTP_AUTHORIZATION" in request.META or any(name in cookies for name in _bypass_cookies())


def cache_key(request, query: str) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the inner middlewares answer it (400)
    raw = f"{request.scheme}://{host}{request.path}?{query}"
    # v2: entries carry their scopes' numbers too.
    return "pagecache:page:v2:" + hashlib.sha256(raw.encode()).hexdigest()


def _wants_fresh(request) -> bool:
    """A hard reload (`Cache-Control: no-cache` or `Pragma: no-cache`) renders again (and stores)."""
    control = request.META.get("HTTP_CACHE_CONTROL", "").lower()
    return "no-cache" in control or "no-cache" in request.META.get("HTTP_PRAGMA", "").lower()


def _lookup_key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or is_signed_in_request(request):
        return None
    if request.path.startswith(_skipped_prefixes()):
        return None
    query = normalised_query(request.META.get("QUERY_STRING", ""))
    if query is None:
        return None
    return cache_key(request, query)


def _serve(request, entry) -> HttpResponse:
    _gen, _scopes, status, headers, content = entry
    response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers[HEADER] = "hit"
    return response


def _per_visitor(request, response) -> bool:
    """The response belongs to this visitor: a cookie set, a CSRF token used or messages shown."""
    if response.cookies:
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True
    content = getattr(response, "content", b"")
    return b"csrfmiddlewaretoken" in content


def _storable_view(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    allowed = getattr(settings, "PAGE_CACHE_URL_NAMES", DEFAULT_URL_NAMES)
    if match is None or match.view_name not in allowed:
        return False
    query_string = request.META.get("QUERY_STRING")
    if not query_string:
        return True
    # A query string only for a page that reads those parameters (the directory, a profile).
    page = (getattr(response, "context_data", None) or {}).get("page")
    declared = set(getattr(page, "page_cache_query_params", ()))
    return {name for name, _value in parse_qsl(query_string, keep_blank_values=True)} <= declared


def _storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    control = response.headers.get("Cache-Control", "").lower()
    if any(word in control for word in _UNCACHEABLE_CONTROL):
        return False
    if "Set-Cookie" in response.headers or _per_visitor(request, response):
        return False
    return _storable_view(request, response)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PAGE_CACHE_ENABLED", True):
            return self.get_response(request)
        key = _lookup_key(request)
        if key is None:
            response = self.get_response(request)
            if is_signed_in_request(request) or _per_visitor(request, response):
                patch_private(response)
            if request.method in ("GET", "HEAD"):
                response.headers.setdefault(HEADER, "bypass")
            return response

        store = generation.cache()
        found = store.get_many([generation.GENERATION_KEY, key])
        current = generation.current(found.get(generation.GENERATION_KEY))
        request._page_cache_generation = current  # the chrome's fragments use it (no second read)
        entry = found.get(key)
        fresh = entry is not None and entry[0] == current and generation.scopes_current(entry[1])
        if fresh and not _wants_fresh(request):
            return _serve(request, entry)

        response = self.get_response(request)
        seconds = expiry.seconds_left(request, cache_seconds())
        if seconds > 0 and _storable(request, response):
            # Shared caches (Varnish) may keep it; a browser asks again each time (max-age=0), or a
            # visitor would keep an old page for minutes after a change this cache already saw.
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            headers = [(name, value) for name, value in response.items() if name != HEADER]
            scopes = dependencies.scopes_of(request)
            store.set(key, (current, scopes, response.status_code, headers, response.content), seconds)
            response.headers[HEADER] = "miss"
        else:
            if _per_visitor(request, response):
                patch_private(response)
            response.headers.setdefault(HEADER, "bypass")
        return response


def patch_private(response) -> None:
    """Personal responses: never kept by a shared cache (unless the view said more already)."""
    if "Cache-Control" not in response.headers:
        patch_cache_control(response, private=True, no_cache=True)
