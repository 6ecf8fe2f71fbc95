"""The sitemap: every live, public page of the site in every language (profiles included)."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    """Wagtail's sitemap lists the descendants of the site root only; with one tree per language the
    English pages live under the root's translation, so all translations of the root are included."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_root = Q()
        for root in roots:
            in_a_root |= Q(path__startswith=root.path)
        return Page.objects.filter(in_a_root).live().public().order_by("path").defer_streamfields().specific()
