"""The bench's floor: a French content page with a title only, on the site's base template."""

from django.core.management.base import BaseCommand
from wagtail.models import Locale, Site

from home.models import ContentPage

SLUG = "page-simple-bench"


class Command(BaseCommand):
    help = "Crée (une fois) la page de contenu sans contenu du scénario de banc d’essai plain_page."

    def handle(self, *args, **options):
        home = Site.objects.get(is_default_site=True).root_page
        page = ContentPage.objects.filter(slug=SLUG, locale=Locale.objects.get(language_code="fr")).first()
        if page is None:
            page = ContentPage(title="Page simple", slug=SLUG, show_in_menus=False)
            home.add_child(instance=page)
            page.save_revision().publish()
        self.stdout.write(page.url)
