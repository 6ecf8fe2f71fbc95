"""The demo's "find a psychologist" button and menu lead to the directory, in both languages.

The directory is made by the practitioners app's demo, after the home's; the home's demo writes
its bodies last (`finish`) and retires the "Nos praticiens" placeholder of earlier versions.
"""

import io
import json
import re

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from home.demo import demo_translation_key
from home.management.commands import load_demo_content
from home.models import ContentPage, HomePage
from practitioners_directory.models import DirectoryPage

pytestmark = pytest.mark.django_db

URLS = {"fr": "/fr/annuaire/", "en": "/en/directory/"}
HOW_IT_WORKS = {"fr": "comment-ca-marche", "en": "how-it-works"}
PLACEHOLDER = {"fr": ("Nos praticiens", "nos-praticiens"), "en": ("Our practitioners", "our-practitioners")}


def load() -> None:
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


def home(language) -> HomePage:
    return HomePage.objects.get(locale__language_code=language)


def directory(language) -> DirectoryPage:
    return DirectoryPage.objects.get(locale__language_code=language)


def how_it_works(language) -> ContentPage:
    return ContentPage.objects.get(slug=HOW_IT_WORKS[language])


def links(page, block_type) -> list:
    return [block.value["link"] for block in page.body if block.block_type == block_type]


def menu_urls(html: str) -> list[str]:
    return re.findall(r'class="main-nav__link" href="([^"]+)"', html)


def test_the_hero_button_leads_to_the_directory_in_both_languages(client, demo_content):

    for language, url in URLS.items():
        assert links(home(language), "hero")[0]["page"].pk == directory(language).pk
        html = client.get(f"/{language}/").content.decode()
        assert f'<p class="hero__actions"><a class="btn btn--primary" href="{url}">' in html


def test_the_directory_leads_the_menu_and_the_how_it_works_call_to_action_points_at_it(client, demo_content):

    for language, url in URLS.items():
        html = client.get(f"/{language}/").content.decode()
        assert menu_urls(html)[0] == url
        assert [link["page"].pk for link in links(how_it_works(language), "cta")] == [directory(language).pk]


def test_no_placeholder_practitioners_page_is_created(demo_content):

    assert not Page.objects.filter(translation_key=demo_translation_key("practitioners")).exists()
    assert not Page.objects.filter(slug__in=["nos-praticiens", "our-practitioners"]).exists()


def _publish_with_links_to(page, target_id: int) -> None:
    """Point every link block of the page at `target_id` (what the earlier demo wrote)."""
    page = Page.objects.get(pk=page.pk).specific
    raw = list(page.body.raw_data)
    for block in raw:
        if block["type"] in ("hero", "cta"):
            block["value"]["link"] = {"label": "Nos praticiens", "page": target_id, "url": ""}
    page.body = json.dumps(raw)
    page.save_revision().publish()


def earlier_demo_state(*, edited_placeholder_in=()) -> dict[str, int]:
    """The site as the earlier demo left it: a placeholder page in the menu, which the hero and
    the how-it-works call to action led to, and the directory hidden from menus, last (built on
    the session's demo world, which tests using this ask for with `demo_content`)."""
    placeholders = {}
    for language, (title, slug) in PLACEHOLDER.items():
        placeholder = ContentPage(
            title=title,
            slug=slug,
            show_in_menus=True,
            translation_key=demo_translation_key("practitioners"),
        )
        home(language).add_child(instance=placeholder)
        placeholder.save_revision().publish()
        if language in edited_placeholder_in:
            placeholder.intro = "Revue par l’équipe éditoriale."
            placeholder.save_revision().publish()
        placeholders[language] = placeholder.pk
        for page in (home(language), how_it_works(language)):
            _publish_with_links_to(page, placeholder.pk)
        hidden = directory(language)
        hidden.show_in_menus = False
        hidden.save_revision().publish()
        Page.objects.get(pk=hidden.pk).move(Page.objects.get(pk=placeholder.pk), pos="right")
    return placeholders


def test_an_untouched_placeholder_of_an_earlier_demo_gives_way_to_the_directory(client, demo_content):
    placeholders = earlier_demo_state()

    load()

    assert not Page.objects.filter(pk__in=placeholders.values()).exists()
    for language, url in URLS.items():
        assert directory(language).show_in_menus
        assert links(home(language), "hero")[0]["page"].pk == directory(language).pk
        assert links(how_it_works(language), "cta")[0]["page"].pk == directory(language).pk
        assert not home(language).has_unpublished_changes
        html = client.get(f"/{language}/").content.decode()
        assert menu_urls(html)[0] == url
        assert f'href="{url}"' in html.split('class="hero__actions"')[1]
    assert Redirect.objects.count() == 0


def test_retiring_the_placeholder_happens_once(demo_content):
    earlier_demo_state()
    load()
    revisions = Revision.objects.count()
    pages = list(Page.objects.order_by("path").values_list("path", "slug", "show_in_menus"))

    load()

    assert Revision.objects.count() == revisions
    assert list(Page.objects.order_by("path").values_list("path", "slug", "show_in_menus")) == pages


def test_a_placeholder_an_editor_worked_on_is_left_to_them(demo_content):
    placeholders = earlier_demo_state(edited_placeholder_in={"fr"})

    load()

    assert Page.objects.filter(pk=placeholders["fr"]).exists()
    assert links(home("fr"), "hero")[0]["page"].pk == placeholders["fr"]
    assert not Page.objects.filter(pk=placeholders["en"]).exists()
    assert links(home("en"), "hero")[0]["page"].pk == directory("en").pk


def test_without_the_directory_the_home_has_no_dead_button(client, monkeypatch):
    monkeypatch.setattr(load_demo_content, "DEMO_APPS", ["home"])

    load()

    assert not links(home("fr"), "hero")[0]["label"]
    assert links(how_it_works("fr"), "cta") == []
    html = client.get("/fr/").content.decode()
    assert "hero__actions" not in html
    assert all(page.live for page in Page.objects.filter(depth__gte=2))
