"""The diff page of two versions: block by block (a list stays a list), then words inside blocks."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.rich_text import RichText

from legal.diff import diff_texts
from legal.factories import make_version

DIFF = "/fr/informations-legales/politique-de-confidentialite/differences/?de=1&a=2"


@pytest.fixture
def realistic_versions(documents):
    """Version 2 rewrites a paragraph, adds a list item and removes a heading and its section."""
    common = {"title": "Politique de confidentialité"}
    make_version(
        "privacy_policy",
        1,
        body=[
            ("heading", "Ce que nous conservons"),
            ("paragraph", RichText("<p>Nous conservons vos données pendant trois ans.</p>")),
            (
                "paragraph",
                RichText(
                    "<p>Vous pouvez demander :</p><ul><li>l’accès à vos données ;</li>"
                    "<li>leur rectification.</li></ul>"
                ),
            ),
            ("heading", "Prospection commerciale"),
            ("paragraph", RichText("<p>Nous ne vous envoyons jamais de publicité.</p>")),
            ("heading", "Contact"),
            ("paragraph", RichText("<p>Écrivez au délégué à la protection des données.</p>")),
        ],
        effective_at=timezone.now() - timedelta(days=200),
        **common,
    )
    make_version(
        "privacy_policy",
        2,
        body=[
            ("heading", "Ce que nous conservons"),
            (
                "paragraph",
                RichText(
                    "<p>Nous conservons vos données pendant cinq ans après votre dernière connexion.</p>"
                ),
            ),
            (
                "paragraph",
                RichText(
                    "<p>Vous pouvez demander :</p><ul><li>l’accès à vos données ;</li>"
                    "<li>leur rectification ;</li><li>leur portabilité.</li></ul>"
                ),
            ),
            ("heading", "Contact"),
            ("paragraph", RichText("<p>Écrivez au délégué à la protection des données.</p>")),
        ],
        effective_at=timezone.now() - timedelta(days=10),
        **common,
    )


def blocks(html: str) -> list:
    """The top-level blocks of the diff, lists as lists of their items."""
    diff = BeautifulSoup(html, "html.parser").select_one(".legal-diff")
    return [element for element in diff.children if getattr(element, "name", None)]


def text_of(element) -> str:
    """What a sighted reader sees: without the text for screen readers, spaces normalised."""
    for hidden in element.select(".visually-hidden"):
        hidden.extract()
    return " ".join(element.get_text().split())


def test_the_diff_keeps_headings_paragraphs_and_lists_as_blocks_and_marks_words_inside(
    client, realistic_versions
):
    response = client.get(DIFF)
    assert response.status_code == 200
    top = blocks(response.content.decode())

    assert [element.name for element in top] == ["p", "h2", "p", "p", "ul", "h2", "p", "h2", "p"]
    title, kept_heading, changed, _intro, rights, removed_heading, removed_text, contact, _ = top

    # Untouched blocks read as they are.
    assert text_of(title) == "Politique de confidentialité"
    assert text_of(kept_heading) == "Ce que nous conservons"
    assert not kept_heading.select("ins, del, .legal-diff__label")

    # The changed paragraph: only the changed words are marked, and runs keep their spaces.
    assert "legal-diff__block--change" in changed["class"]
    assert [d.get_text(" ", strip=True) for d in changed.select("del")] == [
        "[supprimé :] trois [fin de la suppression]"
    ]
    assert [text_of(i) for i in changed.select("ins")] == ["cinq", "après votre dernière connexion"]
    assert text_of(changed) == (
        "Modifié : Nous conservons vos données pendant trois cinq ans après votre dernière connexion."
    )

    # The list is still a list: the kept items unmarked, the changed one marked inside, the new one labelled.
    items = rights.find_all("li", recursive=False)
    assert [text_of(li) for li in items] == [
        "l’accès à vos données ;",
        "Modifié : leur rectification. ;",
        "Ajouté : leur portabilité.",
    ]
    assert not items[0].select("ins, del")
    assert [text_of(i) for i in items[2].select("ins")] == ["leur portabilité."]

    # The removed heading is still a heading, labelled and struck through, as is its section.
    assert text_of(removed_heading) == "Supprimé : Prospection commerciale"
    assert removed_heading.select_one("del").get_text() == "Prospection commerciale"
    assert "legal-diff__block--delete" in removed_text["class"]
    assert text_of(contact) == "Contact"


def test_runs_of_words_keep_their_spaces_and_are_set_apart_from_each_other():
    result = diff_texts(
        "Titre\nWe keep your data for three years.", "Titre\nAll of us keep the data for three years."
    )
    changed = result.blocks[1]

    assert [(s.op, s.text, s.space_before) for s in changed.segments] == [
        ("delete", "We", False),
        ("insert", "All of us", True),
        ("equal", "keep", True),
        ("delete", "your", True),
        ("insert", "the", True),
        ("equal", "data for three years.", True),
    ]
    assert (result.inserted_words, result.deleted_words) == (4, 2)
    assert changed.text == "All of us keep the data for three years."


def test_punctuation_is_compared_apart_from_words():
    result = diff_texts("Titre\nleur rectification.", "Titre\nleur rectification ;")

    assert [(s.op, s.text) for s in result.blocks[1].segments] == [
        ("equal", "leur rectification"),
        ("delete", "."),
        ("insert", ";"),
    ]
    assert result.has_changes
    assert (result.inserted_words, result.deleted_words) == (0, 0)


def test_a_rewritten_paragraph_is_shown_deleted_then_inserted_rather_than_as_a_word_soup():
    result = diff_texts(
        "Titre\nNous ne vendons rien.", "Titre\nLes paiements passent par un prestataire agréé."
    )

    assert [(b.op, b.text) for b in result.blocks[1:]] == [
        ("delete", ""),
        ("insert", "Les paiements passent par un prestataire agréé."),
    ]


def test_a_heading_changing_level_is_shown_as_removed_and_added():
    result = diff_texts("Titre\n## Vos droits", "Titre\n### Vos droits")

    assert [(b.kind, b.op) for b in result.blocks[1:]] == [("h2", "delete"), ("h3", "insert")]
    assert result.has_changes


def test_identical_texts_have_no_changes():
    result = diff_texts("Titre\n## A\n- b\nc", "Titre\n## A\n- b\nc")

    assert not result.has_changes
    assert [g.is_list for g in result.groups] == [False, False, True, False]
