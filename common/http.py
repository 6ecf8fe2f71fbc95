"""Where a request comes from and where it may go next."""

import ipaddress

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(candidate, *, default: str | None = None) -> str | None:
    """`candidate` if it is a path of this site (`/fr/...`), else `default`.

    A `next` value comes from the visitor: only an absolute local path is followed. Anything else
    (another host, `//host`, `javascript:`, a bare word such as `on` that `redirect()` would try
    to reverse as a view name, control characters) falls back to `default`.
    """
    if not isinstance(candidate, str) or not candidate.startswith("/"):
        return default
    if candidate.startswith(("//", "/\\")) or any(ord(char) < 32 or ord(char) == 127 for char in candidate):
        return default
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts=set()):
        return default
    return candidate


def _trusted_networks() -> tuple:
    return tuple(ipaddress.ip_network(net, strict=False) for net in settings.TRUSTED_PROXY_NETWORKS)


def _address(raw: str):
    try:
        address = ipaddress.ip_address(raw.strip().strip("[]"))
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_ip(request) -> str:
    """The visitor's address, read through the reverse proxies the settings trust.

    Without trusted proxies it is REMOTE_ADDR. Behind proxies, X-Forwarded-For is read from the
    right (each proxy appends the address it received the request from): with
    TRUSTED_PROXY_NETWORKS, the first address that is not one of ours; with TRUSTED_PROXY_COUNT,
    the address that many hops back. Entries to the left of that are the client's own claims and
    are never believed. Returns "" when nothing usable is found.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    networks = _trusted_networks()
    if networks:
        if remote is None or not any(remote in network for network in networks):
            return str(remote) if remote else ""
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                return ""
            if not any(address in network for network in networks):
                return str(address)
        return str(remote)
    count = settings.TRUSTED_PROXY_COUNT
    if count and hops:
        address = _address(hops[-count] if len(hops) >= count else hops[0])
        return str(address) if address else ""
    return str(remote) if remote else ""


def minimise_ip(raw: str | None) -> str:
    """Keep only the network: /24 for IPv4, /48 for IPv6.

    Why truncation rather than a keyed hash: the truncated network still says something
    useful as evidence (the operator and rough area the acceptance came from) while it no
    longer designates one subscriber line; it is irreversible without any secret to guard or
    rotate, and it does not let anyone link rows of the same person through an identical
    hash (a keyed HMAC of the full address would be a stable pseudonym, still personal data).
    """
    if not raw:
        return ""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def minimised_client_ip(request) -> str:
    """The network the request came from (see `minimise_ip`), or "" without a request."""
    return minimise_ip(client_ip(request)) if request is not None else ""
