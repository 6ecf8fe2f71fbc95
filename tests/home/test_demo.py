"""`load_demo_content`: the demo site, its legal entity and editor, created once and only once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision, Site

from home.demo import EDITOR_EMAIL, EDITOR_PASSWORD
from home.models import ContentPage, HomePage, LegalEntitySettings

pytestmark = pytest.mark.django_db


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "slug", "title", "live")),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "settings": list(LegalEntitySettings.objects.values_list("site_id", "company_name")),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page_id", "is_default_site")),
        "redirects": Redirect.objects.count(),
        "editor_groups": list(
            get_user_model().objects.filter(email=EDITOR_EMAIL).values_list("groups__name", flat=True)
        ),
    }


def test_running_twice_changes_nothing(demo_content):
    first = snapshot()  # after a first run (the session's demo world)

    load(verbosity=0)

    assert snapshot() == first
    assert first["redirects"] == 0


def test_demo_builds_a_french_site_with_its_english_translation(demo_content):

    site = Site.objects.get(is_default_site=True)
    fr_home = site.root_page.specific
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(fr_home, HomePage)
    assert (fr_home.slug, fr_home.locale.language_code, fr_home.live) == ("accueil", "fr", True)
    en_home = fr_home.get_translation(fr_home.locale.__class__.objects.get(language_code="en"))
    assert en_home.live
    assert en_home.title == "Home"
    french_pages = ContentPage.objects.live().filter(locale__language_code="fr")
    english_pages = ContentPage.objects.live().filter(locale__language_code="en")
    # "Nos praticiens" is no content page: the menu leads to the directory (test_demo_links.py).
    # Nor is "Contact": it is the contact app's page, with its form (tests/contact/test_demo.py).
    assert set(french_pages.values_list("slug", flat=True)) == {
        "comment-ca-marche",
        "tarifs-et-remboursement",
    }
    assert set(english_pages.values_list("translation_key", flat=True)) == set(
        french_pages.values_list("translation_key", flat=True)
    )
    assert all(page.show_in_menus for page in french_pages)


def test_wagtail_welcome_page_is_removed(demo_content):

    assert not Page.objects.filter(depth=2, slug="home", content_type__model="page").exists()
    assert Page.get_first_root_node().get_children().count() == 2


def test_an_editors_change_survives_a_new_run(demo_content):
    page = ContentPage.objects.get(slug="tarifs-et-remboursement", locale__language_code="fr")
    page.title = "Nos prix"
    page.slug = "nos-prix"
    page.save_revision().publish()

    load(verbosity=0)

    assert ContentPage.objects.filter(locale__language_code="fr").count() == 2
    assert ContentPage.objects.get(pk=page.pk).title == "Nos prix"


def test_an_empty_legal_entity_row_is_completed(demo_content):
    site = Site.objects.get(is_default_site=True)
    LegalEntitySettings.objects.all().delete()
    LegalEntitySettings.objects.create(site=site)  # what a first visit's get_or_create leaves

    load(verbosity=0)

    legal = LegalEntitySettings.objects.get()
    assert legal.company_name == "Psyconsult SAS"
    assert legal.dpo_email == "dpo@psyconsult.example"
    assert legal.supervisory_authority_url == "https://www.cnil.fr/"
    legal.full_clean()


def test_editor_account_is_an_editor_without_staff_status_and_its_login_is_printed(demo_content):
    output = load()  # a run on an existing demo prints the logins too

    editor = get_user_model().objects.get(email=EDITOR_EMAIL)
    assert not editor.is_staff
    assert not editor.is_superuser
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert Group.objects.get(name="Editors").permissions.filter(codename="access_admin").exists()
    assert f"Compte éditeur de démonstration : {EDITOR_EMAIL} / {EDITOR_PASSWORD}" in output


def test_editor_can_log_in_to_the_wagtail_admin(client, demo_content):

    response = client.post("/admin/login/", {"username": EDITOR_EMAIL, "password": EDITOR_PASSWORD})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    home = Site.objects.get(is_default_site=True).root_page
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    settings_page = client.get("/admin/settings/home/legalentitysettings/", follow=True)
    assert settings_page.status_code == 200
    assert 'value="Psyconsult SAS"' in settings_page.content.decode()


def test_editor_can_log_in_on_the_public_site(client, demo_content):

    response = client.post("/fr/compte/login/", {"login": EDITOR_EMAIL, "password": EDITOR_PASSWORD})

    editor = get_user_model().objects.get(email=EDITOR_EMAIL)
    assert response.status_code == 302
    # Authenticated (what follows, e.g. a policy re-acceptance step, belongs to other apps).
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_demo_pages_all_render(client, demo_content):
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_the_site_address_given_to_the_demo_is_where_e_mail_links_lead(demo_content, settings):
    from common.urls import absolute_url

    settings.SITE_BASE_URL = ""
    load(verbosity=0, site_address="127.0.0.1:8101")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8101)
    assert absolute_url("/fr/compte/login/") == "http://127.0.0.1:8101/fr/compte/login/"
    settings.SITE_BASE_URL = "https://psyconsult.example"
    assert absolute_url("/fr/") == "https://psyconsult.example/fr/"
