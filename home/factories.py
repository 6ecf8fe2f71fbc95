"""Test factories for the public site's pages (factory_boy / wagtail-factories are dev requirements)."""

import factory
import wagtail_factories

from .models import ContentPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Accueil"
    slug = factory.Sequence(lambda n: f"accueil-{n}")


class ContentPageFactory(wagtail_factories.PageFactory):
    """Pass `parent=` (a HomePage or ContentPage); the page is created live."""

    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Page de contenu {n}")
    intro = "Une courte introduction."
    show_in_menus = False
