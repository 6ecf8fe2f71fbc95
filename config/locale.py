"""Language selection: Django's LocaleMiddleware, except that an admin 404 stays a 404."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .csp import ADMIN_PREFIXES


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django redirects a 404 outside the language prefixes to "/fr/<same path>" when that path
    exists, and Wagtail's catch-all page URL makes every "/fr/<path>/" exist: each admin 404
    (an unknown object, a file someone may not download) became a redirect to the public site.
    The public site keeps the redirect ("/contact/" → "/fr/contact/")."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(ADMIN_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
