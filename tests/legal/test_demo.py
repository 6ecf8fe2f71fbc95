"""Demo content: five documents in two languages, privacy v2 in force and requiring acceptance."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

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


def test_accept_current_command_lets_a_demo_user_through_the_gate(client, db):
    from accounts.factories import UserFactory

    demo.load(stdout=io.StringIO(), options={"verbosity": 0})
    person = UserFactory(email="bench@example.fr")
    client.force_login(person)
    assert client.get("/fr/mon-compte/").status_code == 302
    call_command("legal_accept_current", "--email", "bench@example.fr", stdout=io.StringIO())
    # A session opened after the set-up (as the bench does) goes straight through.
    fresh = Client()
    fresh.force_login(person)
    assert fresh.get("/fr/mon-compte/").status_code == 200
    # The session that was already gated learns it at the re-acceptance page, which sends it back.
    assert (
        client.get("/fr/informations-legales/mise-a-jour/?next=/fr/mon-compte/")["Location"]
        == "/fr/mon-compte/"
    )
    assert client.get("/fr/mon-compte/").status_code == 200
