"""The public pages in both languages: layout, navigation, language switcher, footer, errors."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from accounts.factories import UserFactory
from home.factories import ContentPageFactory
from home.models import ContentPage, HomePage, LegalEntitySettings

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def test_root_redirects_to_french(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_page_in_french(client, demo_content):
    response = client.get("/fr/")

    html = html_of(response)
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "<title>Accueil · Psyconsult</title>" in html
    assert re.search(r'<h1 class="hero__title">Un psychologue à votre écoute', html)


def test_home_page_in_english(client, demo_content):
    response = client.get("/en/")

    html = html_of(response)
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "<title>Home · Psyconsult</title>" in html
    assert "A psychologist who listens" in html
    assert "Un psychologue à votre écoute" not in html


def test_content_page_renders_title_intro_and_body(client, demo_content):
    response = client.get("/fr/comment-ca-marche/")

    html = html_of(response)
    assert response.status_code == 200
    assert "<h1>Comment ça marche</h1>" in html
    assert "en trois étapes" in html
    assert "<h2>1. Trouver le bon praticien</h2>" in html


def test_language_switcher_links_to_the_translated_page(client, demo_content):
    french = html_of(client.get("/fr/tarifs-et-remboursement/"))
    english = html_of(client.get("/en/fees-and-reimbursement/"))

    assert 'href="/en/fees-and-reimbursement/" hreflang="en" lang="en">English</a>' in french
    alternate = '<link rel="alternate" hreflang="en" href="http://testserver/en/fees-and-reimbursement/">'
    assert alternate in french
    assert 'href="/fr/tarifs-et-remboursement/" hreflang="fr" lang="fr">Français</a>' in english


def test_language_switcher_falls_back_to_the_home_of_a_language_without_translation(client, home_page):
    ContentPageFactory(parent=home_page, title="Seulement en français", slug="seulement-fr")

    html = html_of(client.get("/fr/seulement-fr/"))

    assert 'href="/en/" hreflang="en" lang="en">English</a>' in html


def test_language_switcher_on_a_django_view_keeps_the_same_view(client, home_page):
    html = html_of(client.get(reverse("account_login")))

    assert 'href="/en/compte/login/" hreflang="en"' in html
    assert '<html lang="fr">' in html


def test_main_menu_lists_live_menu_pages_of_the_current_language_only(client, home_page, home_page_en):
    ContentPageFactory(parent=home_page, title="Nos tarifs", slug="tarifs", show_in_menus=True)
    ContentPageFactory(parent=home_page, title="Page cachée", slug="cachee", show_in_menus=False)
    draft = ContentPageFactory(parent=home_page, title="Brouillon", slug="brouillon", show_in_menus=True)
    draft.unpublish()
    ContentPageFactory(parent=home_page_en, title="Our fees", slug="fees", show_in_menus=True)

    french = html_of(client.get("/fr/tarifs/"))
    english = html_of(client.get("/en/"))

    french_nav = french.split('class="main-nav"')[1].split("</nav>")[0]
    assert 'href="/fr/tarifs/" aria-current="page">Nos tarifs</a>' in french_nav
    assert "Page cachée" not in french_nav
    assert "Brouillon" not in french_nav
    assert "Our fees" not in french_nav
    english_nav = english.split('class="main-nav"')[1].split("</nav>")[0]
    assert 'href="/en/fees/">Our fees</a>' in english_nav
    assert "Nos tarifs" not in english_nav


def test_menu_marks_the_section_of_a_nested_page(client, home_page):
    section = ContentPageFactory(parent=home_page, title="Guides", slug="guides", show_in_menus=True)
    ContentPageFactory(parent=section, title="Préparer sa séance", slug="preparer")

    html = html_of(client.get("/fr/guides/preparer/"))

    assert 'href="/fr/guides/" aria-current="true">Guides</a>' in html


def test_home_page_query_count_does_not_grow_with_the_menu(client, home_page):
    ContentPageFactory(parent=home_page, title="Un", slug="un", show_in_menus=True)
    client.get("/fr/")  # warm the site-root-paths cache
    with CaptureQueriesContext(connection) as one_item:
        client.get("/fr/")

    for number in range(8):
        ContentPageFactory(
            parent=home_page, title=f"Rubrique {number}", slug=f"r{number}", show_in_menus=True
        )
    client.get("/fr/")
    with CaptureQueriesContext(connection) as nine_items:
        response = client.get("/fr/")

    assert html_of(response).count('class="main-nav__link"') == 9
    assert len(nine_items.captured_queries) == len(one_item.captured_queries)


def test_footer_shows_the_legal_entity(client, home_page):
    LegalEntitySettings.objects.update_or_create(
        site=home_page.get_site(),
        defaults={
            "company_name": "Écoute Claire SAS",
            "legal_form": "SAS au capital de 5 000 €",
            "registered_address": "3 place des Lices\n35000 Rennes",
            "contact_email": "bonjour@ecoute.example",
            "dpo_email": "donnees@ecoute.example",
            "siren": "912 345 675",
        },
    )

    html = html_of(client.get("/fr/"))

    footer = html.split('<footer class="site-footer">')[1]
    assert "<strong>Écoute Claire SAS</strong>, SAS au capital de 5 000 €" in footer
    assert "3 place des Lices<br>35000 Rennes<br>" in footer
    assert 'href="mailto:bonjour@ecoute.example"' in footer
    assert 'href="mailto:donnees@ecoute.example"' in footer
    assert "SIREN 912 345 675" in footer
    assert 'href="https://www.cnil.fr/"' in footer
    assert "Commission nationale de l&#x27;informatique et des libertés (CNIL)" in footer


def test_footer_hides_the_legal_block_until_the_entity_is_filled_in(client, home_page):
    html = html_of(client.get("/fr/"))

    assert "Éditeur du site" not in html
    assert '<footer class="site-footer">' in html


def test_anonymous_visitor_sees_login_and_signup_links(client, home_page):
    html = html_of(client.get("/fr/"))

    assert f'href="{reverse("account_login")}"' in html
    assert f'href="{reverse("account_signup")}"' in html
    assert "Mon compte" not in html


def test_signed_in_user_sees_account_link_and_logout_form(client, home_page):
    client.force_login(UserFactory())

    html = html_of(client.get("/fr/"))

    assert f'href="{reverse("accounts:profile")}">Mon compte</a>' in html
    assert f'method="post" action="{reverse("account_logout")}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Se connecter" not in html


def test_messages_are_rendered_as_alerts(rf, home_page):
    request = rf.get("/fr/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    request._messages.add(message_levels.SUCCESS, "Vos préférences sont enregistrées.")
    request._messages.add(message_levels.ERROR, "Le lien a expiré.")

    html = render_to_string("base.html", request=request)

    assert '<div class="alert alert--success" role="status">Vos préférences sont enregistrées.</div>' in html
    assert '<div class="alert alert--error" role="alert">Le lien a expiré.</div>' in html


def test_public_pages_have_no_inline_styles_or_scripts(client, demo_content):
    for url in ("/fr/", "/en/", "/fr/contact/", "/fr/compte/login/"):
        html = html_of(client.get(url))
        assert " style=" not in html, url
        assert "<style" not in html, url
        for script in re.findall(r"<script[^>]*>", html):
            assert "src=" in script, (url, script)


def test_layout_landmarks_and_skip_link(client, home_page):
    html = html_of(client.get("/fr/"))

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main" tabindex="-1">' in html
    assert html.count("<h1") == 1


def test_unknown_page_returns_the_404_page(client, home_page):
    response = client.get("/fr/cette-page-n-existe-pas/")

    html = html_of(response)
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in html
    assert '<html lang="fr">' in html
    assert 'href="/fr/"' in html


def test_unknown_page_in_english_is_in_english_layout(client, home_page):
    response = client.get("/en/nothing-here/")

    assert response.status_code == 404
    assert '<html lang="en">' in html_of(response)


def test_500_page_renders_without_database_or_context(django_assert_num_queries):
    # French explicitly: an earlier test's request may have left English active.
    with translation.override("fr"), django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Une erreur est survenue" in html
    assert 'href="/static/css/site.css"' in html


def test_home_pages_sit_under_the_root_and_content_pages_under_a_home(home_page):
    root = Page.get_first_root_node()

    assert HomePage.can_create_at(root)
    assert not ContentPage.can_create_at(root)
    assert ContentPage.can_create_at(home_page)
