"""Cross-site request protection for the banner's POST without a token in the page.

The banner sits in every public page, and those pages must stay identical for everyone so they
can be cached: a CSRF token in them would make every response set a cookie and vary per visitor.
Browsers state where a request comes from (Sec-Fetch-Site, and Origin on every POST), which a
cross-site page cannot forge, so the decision endpoint accepts a same-origin request as is (the
approach of Go's http.CrossOriginProtection). A request that carries neither header (an old
browser, a script) must pass Django's usual token check instead.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from .views_errors import forbidden


def _origin_allowed(request, origin: str) -> bool:
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost
        return False
    return parts.scheme == request.scheme and parts.netloc == host


def verdict(request) -> bool | None:
    """True: same origin; False: cross-site; None: the browser said nothing."""
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        if site == "same-origin":
            return True
        if site != "none":  # "same-site" (another subdomain) and "cross-site" are refused
            return False
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return _origin_allowed(request, origin)
    if origin == "null":
        return False
    return None


def same_origin_post(view):
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            decision = verdict(request)
            if decision is False:
                return forbidden(request)
            if decision is None:
                # Django's token check, which also honours the test client's exemption.
                reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
                if reason is not None:
                    return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped
