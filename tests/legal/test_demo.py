"""Demo content: five documents in two languages, privacy v2 in force and requiring acceptance."""

import io
from pathlib import Path

import pytest

from legal import demo, selectors
from legal.models import LegalDocument, PolicyVersion


def test_demo_loads_five_documents_in_french_and_english_idempotently(db):
    demo.load(stdout=io.StringIO(), options={"verbosity": 1})
    demo.load(stdout=io.StringIO(), options={"verbosity": 1})
    assert PolicyVersion.objects.filter(live=True).count() == 12
    for document in LegalDocument.objects.all():
        languages = set(document.versions.values_list("locale__language_code", flat=True))
        assert languages == {"fr", "en"}, document
    privacy = selectors.document_entry("privacy_policy")
    assert privacy["current"]["number"] == 2
    assert privacy["baseline"] == 2
    assert set(privacy["current"]["ids"]) == {"fr", "en"}


def test_demo_texts_have_a_table_of_contents_and_a_meaningful_diff(client, db):
    demo.load(stdout=io.StringIO(), options={"verbosity": 0})
    page = client.get("/fr/informations-legales/politique-de-confidentialite/").content.decode()
    assert 'href="#vos-droits"' in page
    diff = client.get("/fr/informations-legales/politique-de-confidentialite/differences/?de=1&a=2")
    assert "La preuve de vos acceptations" in diff.content.decode().split("<ins>", 1)[1]


def test_demo_texts_do_not_copy_the_seed_sentences():
    seed_file = Path("/work/shared/seed/privacy-policy-2023-03-20.fr.md")
    if not seed_file.exists():
        pytest.skip("the seed policy is not part of the repository")
    seed = seed_file.read_text(encoding="utf-8")
    from legal.demo_texts import others, privacy

    texts = [v for m in (privacy, others) for k, v in vars(m).items() if k.isupper()]
    for text in texts:
        for line in text.splitlines():
            sentence = line.strip("-# ").strip()
            if len(sentence) > 40:
                assert sentence not in seed, sentence
