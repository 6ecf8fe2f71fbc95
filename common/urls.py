"""Absolute links for what leaves the site (e-mails, calendar files): right wherever the site runs."""

from django.conf import settings


def site_root_url() -> str:
    """SITE_BASE_URL when the deployment sets it, else the default Wagtail site's address (which
    `make run` points at the address it serves), without a trailing slash."""
    if settings.SITE_BASE_URL:
        return settings.SITE_BASE_URL.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    return site.root_url.rstrip("/") if site else "http://localhost"


def absolute_url(path: str, *, request=None) -> str:
    """`path` (e.g. from reverse()) as an absolute URL: from the request when there is one."""
    if request is not None:
        return request.build_absolute_uri(path)
    return site_root_url() + path
