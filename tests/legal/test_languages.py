"""The English site shows the English translation of a version when there is one, otherwise the
French text with an English note that the French version is authoritative: on the version page,
the re-acceptance page, the history and the e-mail alike."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.factories import UserFactory
from legal import services, tasks
from legal.factories import make_version

NOTE_EN = "This text has not been translated yet: here is the French version, which is the authoritative one."


@pytest.fixture
def french_only_v2(privacy_v1, user):
    """v1 exists in both languages; v2 (requires re-acceptance) only in French."""
    make_version(
        "privacy_policy",
        1,
        language="en",
        translation_of=privacy_v1,
        title="Privacy policy",
        effective_at=privacy_v1.effective_at,
        requires_reacceptance=True,
    )
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    return make_version(
        "privacy_policy",
        2,
        title="Politique de confidentialité",
        summary="Nous ajoutons un hébergeur de données de santé.",
        effective_at=timezone.now() - timedelta(hours=1),
        requires_reacceptance=True,
    )


def test_the_english_version_page_shows_the_french_text_with_an_english_note(client, french_only_v2):
    html = client.get("/en/informations-legales/politique-de-confidentialite/v2/").content.decode()
    assert NOTE_EN in html
    assert '<h1 lang="fr">Politique de confidentialité</h1>' in html
    assert '<p lang="fr">Nous ajoutons un hébergeur de données de santé.</p>' in html


def test_a_translated_version_is_shown_in_english_without_the_note(client, french_only_v2):
    html = client.get("/en/informations-legales/politique-de-confidentialite/v1/").content.decode()
    assert '<h1 lang="en">Privacy policy</h1>' in html
    assert NOTE_EN not in html


def test_the_english_reacceptance_page_says_the_french_text_applies(client, user, french_only_v2):
    client.force_login(user)
    html = client.get("/en/informations-legales/mise-a-jour/").content.decode()
    assert NOTE_EN in html
    assert '<p lang="fr">Nous ajoutons un hébergeur de données de santé.</p>' in html
    assert "I accept version 2" in html


def test_the_english_history_marks_french_only_versions(client, french_only_v2):
    html = client.get("/en/informations-legales/politique-de-confidentialite/historique/").content.decode()
    assert "in French, which is authoritative" in html
    assert html.count("in French, which is authoritative") == 1  # v1 has its translation


def test_the_e_mail_to_an_english_speaker_carries_the_note(privacy_v1, django_capture_on_commit_callbacks):
    UserFactory(email="sam@example.com", preferred_language="en")
    UserFactory(email="lou@example.fr", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        version = make_version(
            "privacy_policy", 2, effective_at=timezone.now() + timedelta(days=30), requires_reacceptance=True
        )
    tasks.notify_version_published.call(version_id=version.pk)
    english = next(m for m in mail.outbox if m.to == ["sam@example.com"])
    french = next(m for m in mail.outbox if m.to == ["lou@example.fr"])
    assert NOTE_EN in english.body
    assert "/en/informations-legales/politique-de-confidentialite/v2/" in english.body
    assert "pas encore traduit" not in french.body


def test_the_english_diff_compares_two_french_texts_when_one_is_not_translated(client, french_only_v2):
    response = client.get("/en/informations-legales/politique-de-confidentialite/differences/?de=1&a=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["old"].locale.language_code == "fr"
    assert response.context["new"].locale.language_code == "fr"
    assert NOTE_EN in html
    assert '<div class="prose legal-diff" lang="fr">' in html
