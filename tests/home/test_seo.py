"""What search engines read: a meaningful description on every public page type, a canonical
link, and absolute hreflang alternates (with x-default) built from the host asked for."""

import pytest
from bs4 import BeautifulSoup
from django.utils.html import strip_tags

from practitioners_directory import demo as practitioners_demo
from practitioners_directory.models import DirectoryPage, PractitionerPage

pytestmark = pytest.mark.django_db

HOST = "www.psyconsult.example"
ORIGIN = f"http://{HOST}"


def head(client, path: str):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content.decode(), "html.parser").head


def description(page_head) -> str:
    tags = page_head.select('meta[name="description"]')
    assert len(tags) == 1
    return tags[0]["content"]


def canonical(page_head) -> str:
    tags = page_head.select('link[rel="canonical"]')
    assert len(tags) == 1
    return tags[0]["href"]


def alternates(page_head) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page_head.select('link[rel="alternate"][hreflang]')}


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr(practitioners_demo, "CURATED_COUNT", 2)
    import io

    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


def test_every_public_page_type_has_a_description_a_canonical_link_and_absolute_alternates(client, demo):
    directory = DirectoryPage.objects.get(locale__language_code="fr")
    profile = PractitionerPage.objects.live().filter(locale__language_code="fr").first()
    expected = {
        # Wagtail pages: their search description, else something from their content.
        "/fr/": None,
        "/fr/comment-ca-marche/": None,
        directory.url: strip_tags(directory.intro)[:60],
        profile.url: profile.short_bio[:60],
        # Legal pages: from the document and its text.
        "/fr/informations-legales/": "documents juridiques",
        "/fr/informations-legales/politique-de-confidentialite/": "Cette politique explique",
        "/fr/informations-legales/politique-de-confidentialite/v1/": "Cette politique explique",
        "/fr/informations-legales/politique-de-confidentialite/historique/": "Politique de confidentialité",
        "/fr/informations-legales/politique-de-confidentialite/differences/": "Politique de confidentialité",
        "/fr/candidature/": "Psychologue",
    }
    descriptions = {}
    for path, fragment in expected.items():
        page_head = head(client, path)
        text = description(page_head)
        assert 30 <= len(text) <= 170, (path, text)
        if fragment:
            assert fragment in text, (path, text)
        descriptions[path] = text
        assert canonical(page_head) == ORIGIN + path
        links = alternates(page_head)
        assert set(links) == {"fr", "en", "x-default"}, path
        assert all(href.startswith(ORIGIN + "/") for href in links.values()), (path, links)
        assert links["fr"] == links["x-default"] == ORIGIN + path
        assert links["en"].startswith(ORIGIN + "/en/")
    # Meaningful: not one sentence repeated on every page.
    assert len(set(descriptions.values())) >= len(expected) - 2


def test_the_search_description_an_editor_wrote_wins(client, demo):
    directory = DirectoryPage.objects.get(locale__language_code="fr")
    directory.search_description = (
        "Annuaire des psychologues diplômés qui consultent en vidéo sur Psyconsult."
    )
    directory.save_revision().publish()

    assert description(head(client, directory.url)) == directory.search_description


def test_filters_and_pages_of_the_directory_share_its_canonical_link(client, demo):
    directory = DirectoryPage.objects.get(locale__language_code="fr")

    page_head = head(client, directory.url + "?q=anxiete&page=1")

    assert canonical(page_head) == ORIGIN + directory.url
    assert "?" not in alternates(page_head)["en"]


def test_a_page_without_translation_has_no_alternates_pointing_elsewhere(client, home_page):
    from home.models import ContentPage

    intro = 'Une page "sans" traduction & sans <b>détour</b>.'
    page = ContentPage(title="Seulement en français", slug="seulement-en-francais", intro=intro)
    home_page.add_child(instance=page)
    page.save_revision().publish()

    page_head = head(client, "/fr/seulement-en-francais/")

    assert description(page_head) == 'Une page "sans" traduction & sans détour.'  # escaped once
    assert alternates(page_head) == {}
    assert canonical(page_head) == ORIGIN + "/fr/seulement-en-francais/"
