"""Every StreamField block renders accessible markup, and link blocks refuse ambiguous input."""

import json

import pytest
import wagtail_factories
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import LinkBlock, OptionalLinkBlock
from home.factories import ContentPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db


def body(*blocks) -> str:
    return json.dumps([{"type": block_type, "value": value} for block_type, value in blocks])


def link(label, page=None, url=""):
    return {"label": label, "page": page.pk if page else None, "url": url}


def no_image():
    return {"image": None, "decorative": False, "alt_text": ""}


@pytest.fixture
def target(home_page):
    return ContentPageFactory(parent=home_page, title="Tarifs", slug="tarifs")


def render_home_body(client, home_page, *blocks) -> str:
    home_page.body = body(*blocks)
    home_page.save_revision().publish()
    response = client.get("/fr/")
    assert response.status_code == 200
    return response.content.decode()


def test_hero_opening_the_page_is_its_h1_with_a_button_to_a_page(client, home_page, target):
    html = render_home_body(
        client,
        home_page,
        (
            "hero",
            {
                "heading": "Parler à quelqu'un",
                "text": "Dès cette semaine.",
                "image": no_image(),
                "link": link("Voir les tarifs", page=target),
            },
        ),
    )

    assert '<h1 class="hero__title">Parler à quelqu&#x27;un</h1>' in html
    assert '<p class="hero__lead">Dès cette semaine.</p>' in html
    assert '<a class="btn btn--primary" href="/fr/tarifs/">Voir les tarifs</a>' in html
    assert 'class="hero__art"' in html
    assert html.count("<h1") == 1


def test_hero_with_image_uses_its_alt_text(client, home_page):
    image = wagtail_factories.ImageFactory(title="Fichier 42")

    html = render_home_body(
        client,
        home_page,
        (
            "hero",
            {
                "heading": "Bienvenue",
                "text": "",
                "link": link(""),
                "image": {"image": image.pk, "decorative": False, "alt_text": "Une psychologue souriante"},
            },
        ),
    )

    assert 'alt="Une psychologue souriante"' in html
    assert 'class="hero__image"' in html
    assert 'class="hero__art"' not in html
    assert "hero__actions" not in html


def test_page_without_leading_hero_gets_its_title_as_h1(client, home_page):
    html = render_home_body(
        client,
        home_page,
        ("rich_text", "<p>Introduction.</p>"),
        ("hero", {"heading": "Second bandeau", "text": "", "image": no_image(), "link": link("")}),
    )

    assert "<h1>Accueil</h1>" in html
    assert '<h2 class="hero__title">Second bandeau</h2>' in html
    assert html.count("<h1") == 1


def test_rich_text_block_expands_internal_links(client, home_page, target):
    html = render_home_body(
        client,
        home_page,
        ("rich_text", f'<h2>Nos prix</h2><p>Voir <a linktype="page" id="{target.pk}">les tarifs</a>.</p>'),
    )

    assert (
        '<div class="prose"><h2>Nos prix</h2><p>Voir <a href="/fr/tarifs/">les tarifs</a>.</p></div>' in html
    )


def test_call_to_action_block_with_external_link(client, home_page):
    html = render_home_body(
        client,
        home_page,
        (
            "cta",
            {
                "heading": "Besoin d'aide ?",
                "text": "Le 3114 répond.",
                "link": link("Site du 3114", url="https://3114.fr/"),
            },
        ),
    )

    assert '<h2 class="cta__title">Besoin d&#x27;aide ?</h2>' in html
    assert '<p class="cta__text">Le 3114 répond.</p>' in html
    assert '<a class="btn btn--primary" href="https://3114.fr/">Site du 3114</a>' in html


def test_feature_list_block_titles_sit_under_its_heading(client, home_page):
    html = render_home_body(
        client,
        home_page,
        (
            "features",
            {
                "heading": "Nos engagements",
                "items": [
                    {"title": "Écoute", "text": "Sans jugement."},
                    {"title": "Discrétion", "text": "Rien n'est enregistré."},
                ],
            },
        ),
    )

    assert '<h2 class="block__title">Nos engagements</h2>' in html
    assert '<h3 class="feature-list__title">Écoute</h3>' in html
    assert "<p>Rien n&#x27;est enregistré.</p>" in html
    assert html.count('<li class="feature-list__item">') == 2


def test_feature_list_without_heading_uses_h2_titles(client, home_page):
    html = render_home_body(
        client, home_page, ("features", {"heading": "", "items": [{"title": "Écoute", "text": "Oui."}]})
    )

    assert '<h2 class="feature-list__title">Écoute</h2>' in html


def test_faq_block_uses_details_and_summary(client, home_page):
    html = render_home_body(
        client,
        home_page,
        (
            "faq",
            {
                "heading": "Questions",
                "items": [
                    {"question": "Est-ce remboursé ?", "answer": "<p>En partie, par les mutuelles.</p>"},
                ],
            },
        ),
    )

    assert '<h2 class="block__title">Questions</h2>' in html
    assert '<summary class="faq__question">Est-ce remboursé ?</summary>' in html
    assert '<div class="faq__answer prose"><p>En partie, par les mutuelles.</p></div>' in html


def test_content_page_heading_block_levels(client, home_page):
    page = ContentPageFactory(parent=home_page, slug="guide", title="Guide")
    page.body = body(
        ("heading", {"text": "Avant la séance", "level": "h2"}),
        ("heading", {"text": "Le matériel", "level": "h3"}),
        ("rich_text", "<p>Une caméra suffit.</p>"),
    )
    page.save_revision().publish()

    html = client.get("/fr/guide/").content.decode()

    assert "<h2>Avant la séance</h2>" in html
    assert "<h3>Le matériel</h3>" in html
    assert "<p>Une caméra suffit.</p>" in html


def test_home_page_factory_builds_a_page_under_any_parent(home_page):
    other = HomePageFactory(parent=home_page.get_parent(), title="Autre accueil")

    assert other.depth == home_page.depth


@pytest.mark.parametrize(
    ("value", "error_field"),
    [
        ({"label": "Lien", "page": None, "url": ""}, "page"),
        ({"label": "Lien", "page": "both", "url": "https://exemple.fr/"}, "page"),
        ({"label": "", "page": None, "url": "https://exemple.fr/"}, "label"),
    ],
)
def test_link_block_requires_exactly_one_target_and_a_label(home_page, value, error_field):
    block = LinkBlock()
    if value["page"] == "both":
        value = {**value, "page": home_page.pk}

    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(value))

    assert error_field in raised.value.block_errors


def test_optional_link_block_accepts_an_empty_link_but_not_a_half_filled_one(home_page):
    block = OptionalLinkBlock()

    assert block.clean(block.to_python({"label": "", "page": None, "url": ""}))["label"] == ""
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python({"label": "", "page": home_page.pk, "url": ""}))
    assert "label" in raised.value.block_errors
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"label": "Découvrir", "page": None, "url": ""}))
