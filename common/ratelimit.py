"""Rate limits for our own forms, counted like allauth's logins: in the shared cache, per client
address (common.http.client_ip, through the account adapter), rates in ACCOUNT_RATE_LIMITS."""

from allauth.core import ratelimit


def allow(request, action: str, *, key: str | None = None) -> bool:
    """Count one submission of `action` (POST only); False once the rate is exceeded. `key` is
    what a rate "…/key" counts per (e.g. the client's network)."""
    return ratelimit.consume(request, action=action, key=key)


def too_many_requests(request):
    """The site's 429 page (templates/429.html)."""
    return ratelimit.respond_429(request)
