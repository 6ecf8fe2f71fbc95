"""Public legal pages: current version, history, permanent URLs, diff, footer links."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.rich_text import RichText

from legal.diff import diff_texts
from legal.factories import make_version
from legal.rendering import render_version, rich_text_to_plain

BASE = "/fr/informations-legales/politique-de-confidentialite/"


@pytest.fixture
def two_versions(documents):
    v1 = make_version(
        "privacy_policy",
        1,
        title="Politique de confidentialité",
        body=[
            ("heading", "Données collectées"),
            ("paragraph", RichText("<p>Nous collectons votre nom et votre adresse e-mail.</p>")),
            ("heading", "Vos droits"),
            ("paragraph", RichText("<p>Écrivez au délégué.</p>")),
        ],
        effective_at=timezone.now() - timedelta(days=200),
    )
    v2 = make_version(
        "privacy_policy",
        2,
        title="Politique de confidentialité",
        summary="Ajout du prestataire de paiement.",
        body=[
            ("heading", "Données collectées"),
            (
                "paragraph",
                RichText("<p>Nous collectons votre nom, votre code postal et votre adresse e-mail.</p>"),
            ),
            ("heading", "Vos droits"),
            ("paragraph", RichText("<p>Écrivez au délégué.</p>")),
        ],
        effective_at=timezone.now() - timedelta(days=1),
        requires_reacceptance=True,
    )
    return v1, v2


def test_document_page_shows_current_version_number_date_and_table_of_contents(client, two_versions):
    response = client.get(BASE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version 2, en vigueur à partir du" in html
    assert '<h2 id="donnees-collectees">Données collectées</h2>' in html
    assert '<a href="#donnees-collectees">Données collectées</a>' in html
    assert "votre code postal" in html
    assert render_version(two_versions[1]).sha256 in html


def test_old_version_stays_reachable_at_its_permanent_url(client, two_versions):
    response = client.get(BASE + "v1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version 1, en vigueur" in html
    assert "plus en vigueur" in html
    assert "votre code postal" not in html


def test_unknown_or_draft_versions_are_not_found(client, two_versions):
    make_version("privacy_policy", 3, publish=False)
    assert client.get(BASE + "v3/").status_code == 404
    assert client.get(BASE + "v99/").status_code == 404
    assert client.get("/fr/informations-legales/inconnu/").status_code == 404


def test_history_lists_versions_with_dates_and_summaries(client, two_versions):
    html = client.get(BASE + "historique/").content.decode()
    assert html.index(BASE + "v2/") < html.index(BASE + "v1/")
    assert "Ajout du prestataire de paiement." in html
    assert "en vigueur</span>" in html


def test_diff_highlights_added_and_removed_text(client, two_versions):
    response = client.get(BASE + "differences/?de=1&a=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>" in html
    assert "code postal" in html.split("<ins>", 1)[1]
    assert "[ajouté :]" in html


@pytest.mark.parametrize(("query", "status"), [("?de=x&a=2", 400), ("?de=1&a=7", 404), ("?de=2&a=2", 400)])
def test_diff_with_bad_parameters_is_a_clear_client_error(client, two_versions, query, status):
    assert client.get(BASE + "differences/" + query).status_code == status


def test_english_page_falls_back_to_the_authoritative_french_text(client, two_versions):
    html = client.get("/en/informations-legales/politique-de-confidentialite/").content.decode()
    assert "votre code postal" in html


def test_english_translation_is_shown_in_english(client, two_versions):
    make_version(
        "privacy_policy",
        2,
        language="en",
        title="Privacy policy",
        body=[("heading", "Data we collect"), ("paragraph", RichText("<p>Your name and postcode.</p>"))],
        translation_of=two_versions[1],
        effective_at=two_versions[1].effective_at,
    )
    html = client.get("/en/informations-legales/politique-de-confidentialite/").content.decode()
    assert "Your name and postcode." in html
    assert 'id="data-we-collect"' in html


def test_footer_links_every_published_document(two_versions, django_assert_num_queries):
    make_version("legal_notice", 1)
    template = Template('{% include "includes/footer_legal_links.html" %}')
    request = RequestFactory().get("/fr/")
    with translation.override("fr"):
        template.render(Context({"request": request}))  # warms the cache
        with django_assert_num_queries(0):
            html = template.render(Context({"request": request}))
    assert "/fr/informations-legales/politique-de-confidentialite/" in html
    assert "/fr/informations-legales/mentions-legales/" in html
    assert "conditions-generales-utilisation" not in html  # nothing published yet


def test_word_diff_marks_only_the_changed_words():
    result = diff_texts("Bonjour le monde\nFin", "Bonjour tout le monde\nFin")
    assert result.inserted_words == 1
    assert result.deleted_words == 0
    assert [s.text for s in result.blocks[0].segments if s.op == "insert"] == ["tout"]


def test_rich_text_is_flattened_to_one_line_per_paragraph_and_item():
    source = "<p>Un &amp; <b>deux</b></p><ul><li>trois</li><li>quatre</li></ul>"
    assert rich_text_to_plain(source) == "Un & deux\n- trois\n- quatre"


def test_diff_shows_headings_as_headings_without_their_text_markers():
    result = diff_texts("Titre\n## Vos droits\nTexte", "Titre\n## Vos droits élargis\nTexte\n### Réclamation")
    kinds = [(block.kind, block.text) for block in result.blocks]
    assert kinds == [("title", "Titre"), ("h2", "Vos droits élargis"), ("p", "Texte"), ("h3", "Réclamation")]
    assert not any("#" in s.text for block in result.blocks for s in block.segments)
