"""Psychologists find the application form: from every page's footer and from the home page's
call to action, which earlier demos sent to the contact page."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page, Revision

from home.blocks import LinkBlock, OptionalLinkBlock
from home.demo import PRACTITIONER_CTA
from home.models import HomePage
from practitioners_directory import demo as practitioners_demo

pytestmark = pytest.mark.django_db

APPLY = {"fr": "/fr/candidature/", "en": "/en/candidature/"}
CONTACT = {"fr": "contact", "en": "contact"}


def footer_links(html: str) -> dict[str, str]:
    footer = html.split('class="site-footer"', 1)[1]
    return {text: href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)}


@pytest.mark.parametrize("path", ["/fr/", "/fr/informations-legales/", "/fr/compte/login/", "/fr/cookies/"])
def test_every_french_page_links_psychologists_to_the_application_form(client, home_page, path):
    html = client.get(path).content.decode()

    assert footer_links(html)["Vous êtes psychologue ?"] == APPLY["fr"]


@pytest.mark.parametrize("path", ["/en/", "/en/informations-legales/", "/en/candidature/"])
def test_every_english_page_links_to_the_english_application_form(client, home_page, path):
    html = client.get(path).content.decode()

    links = footer_links(html).values()
    assert APPLY["en"] in links
    assert APPLY["fr"] not in links


def test_a_link_block_may_lead_to_a_page_of_the_application_and_only_there(home_page):
    block = LinkBlock()
    with translation.override("fr"):
        value = block.clean(
            block.to_python({"label": "Candidater", "page": None, "route": "practitioners_directory:apply"})
        )
        assert value.route_url == APPLY["fr"]

    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {"label": "Candidater", "page": home_page.pk, "route": "practitioners_directory:apply"}
            )
        )
    optional = OptionalLinkBlock()
    with pytest.raises(StructBlockValidationError) as raised:
        optional.clean(optional.to_python({"label": "", "route": "account_signup"}))
    assert "label" in raised.value.block_errors


# --- The demo ---------------------------------------------------------------------------------


@pytest.fixture
def few_profiles(monkeypatch):
    monkeypatch.setattr(practitioners_demo, "CURATED_COUNT", 2)


def load() -> None:
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


def home(language) -> HomePage:
    return HomePage.objects.get(locale__language_code=language)


def practitioner_cta(page) -> dict:
    heading = PRACTITIONER_CTA[page.locale.language_code]["heading"]
    return next(
        b["value"] for b in page.body.raw_data if b["type"] == "cta" and b["value"]["heading"] == heading
    )


def cta_href(client, language) -> str:
    html = client.get(f"/{language}/").content.decode()
    section = html.split(PRACTITIONER_CTA[language]["heading"], 1)[1].split("</section>", 1)[0]
    return re.search(r'<a class="btn btn--primary" href="([^"]+)">', section).group(1)


def as_earlier_demo_wrote_it(language, *, edit=None, draft=False) -> None:
    """The call to action as earlier demos left it: to the contact page, "Nous écrire"."""
    page = home(language)
    contact = Page.objects.get(locale__language_code=language, slug=CONTACT[language], depth=3)
    raw = list(page.body.raw_data)
    for block in raw:
        if block["type"] == "cta" and block["value"]["heading"] == PRACTITIONER_CTA[language]["heading"]:
            label = PRACTITIONER_CTA[language]["earlier_label"]
            block["value"]["link"] = {"label": label, "page": contact.pk, "url": ""}
            if edit:
                block["value"]["text"] = edit
    page.body = json.dumps(raw)
    page.save_revision().publish()
    if draft:
        page = home(language)
        page.title = page.title + " (brouillon)"
        page.save_revision()


@pytest.mark.usefixtures("few_profiles")
def test_the_demo_call_to_action_for_psychologists_leads_to_the_application_form(client):
    load()

    for language in ("fr", "en"):
        assert cta_href(client, language) == APPLY[language]
        assert practitioner_cta(home(language))["link"]["label"] == PRACTITIONER_CTA[language]["label"]


@pytest.mark.usefixtures("few_profiles")
def test_an_untouched_call_to_action_of_an_earlier_demo_now_leads_to_the_form_once(client):
    load()
    as_earlier_demo_wrote_it("fr")
    as_earlier_demo_wrote_it("en", draft=True)
    assert cta_href(client, "fr") == "/fr/contact/"

    load()

    assert cta_href(client, "fr") == APPLY["fr"]
    assert not home("fr").has_unpublished_changes
    # With an editor's draft pending, the fix lands in the draft and the draft stays a draft.
    assert home("en").has_unpublished_changes
    draft = home("en").get_latest_revision_as_object()
    assert draft.title.endswith("(brouillon)")
    assert practitioner_cta(draft)["link"]["route"] == "practitioners_directory:apply"
    revisions = Revision.objects.count()
    pages = list(Page.objects.order_by("path").values_list("path", "title", "live"))

    load()

    assert Revision.objects.count() == revisions
    assert list(Page.objects.order_by("path").values_list("path", "title", "live")) == pages


@pytest.mark.usefixtures("few_profiles")
def test_a_call_to_action_an_editor_changed_is_left_to_them(client):
    load()
    as_earlier_demo_wrote_it("fr", edit="Écrivez-nous pour rejoindre l’équipe.")

    load()

    assert cta_href(client, "fr") == "/fr/contact/"
    assert practitioner_cta(home("fr"))["text"] == "Écrivez-nous pour rejoindre l’équipe."
