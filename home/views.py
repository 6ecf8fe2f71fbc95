from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from .selectors import language_home_url

# Never worth crawling: technical endpoints outside the language prefix...
ROBOTS_DISALLOWED = ("/admin/", "/django-admin/", "/cookies/", "/i18n/", "/healthz/")
# ...and, under each language prefix, sign-in and account areas, per-visitor and private pages.
ROBOTS_DISALLOWED_IN_LANGUAGE = (
    "compte/",
    "mon-compte/",
    "cookies/",
    "candidature/merci/",
    "candidatures/",
    "informations-legales/mise-a-jour/",
)


@require_GET
@never_cache
def healthz(request):
    """Liveness probe and the benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def robots_txt(request):
    """The same for every visitor (no session, no cookie); the sitemap URL is the host asked for."""
    disallowed = list(ROBOTS_DISALLOWED)
    for code, _name in settings.LANGUAGES:
        prefix = language_home_url(code)
        disallowed += [prefix + segment for segment in ROBOTS_DISALLOWED_IN_LANGUAGE]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
