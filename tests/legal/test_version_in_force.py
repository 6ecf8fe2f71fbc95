"""One rule for "the version in force": the highest number whose effective date has passed.

The scenario that looped: the next French privacy version (requires re-acceptance) was published
with an effective date a few hours before the version in force. The gate then offered the old
version, accepting it thanked the person and sent them straight back to the gate, forever.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.factories import UserFactory
from legal import selectors, services
from legal.factories import make_version
from legal.models import Acceptance
from legal.rendering import render_version

REACCEPT = "/fr/informations-legales/mise-a-jour/"
ACCEPT = "/fr/informations-legales/accepter/"
PARIS_AFTERNOON = timezone.make_aware(datetime(2026, 12, 1, 15, 0))


@pytest.fixture
def afternoon():
    with time_machine.travel(PARIS_AFTERNOON, tick=False):
        yield


@pytest.fixture
def v1_since_this_morning(afternoon, documents, user):
    """Privacy v1 in force since 10:00 today; the person accepted it (and the terms) at signup."""
    v1 = make_version(
        "privacy_policy", 1, effective_at=PARIS_AFTERNOON.replace(hour=10), requires_reacceptance=True
    )
    terms = make_version("terms_of_use", 1, effective_at=PARIS_AFTERNOON - timedelta(days=30))
    services.record_acceptance(version=v1, context="signup", user=user)
    services.record_acceptance(version=terms, context="signup", user=user)
    return v1


@pytest.fixture
def v2_dated_before_v1(v1_since_this_morning):
    """What the editor published: v2, requiring re-acceptance, effective at 08:00 the same day (the
    admin refuses this now; data published before the rule existed may still look like it)."""
    return make_version(
        "privacy_policy",
        2,
        summary="Nous précisons les durées de conservation.",
        effective_at=PARIS_AFTERNOON.replace(hour=8),
        requires_reacceptance=True,
        clean=False,
    )


def test_the_highest_number_whose_date_has_passed_is_in_force(v2_dated_before_v1):
    entry = selectors.document_entry("privacy_policy")
    assert entry["current"]["number"] == 2
    assert entry["announced"] is None
    assert selectors.current_version_for_kind("privacy_policy", "fr") == v2_dated_before_v1


def test_the_looping_scenario_ends_with_one_row_and_no_loop(client, user, v2_dated_before_v1):
    client.force_login(user)
    gated = client.get("/fr/mon-compte/")
    assert gated.status_code == 302
    assert gated["Location"].startswith(REACCEPT)

    page = client.get(gated["Location"])
    html = page.content.decode()
    assert "J’accepte la version 2" in html
    assert "J’accepte la version 1" not in html

    accepted = client.post(
        ACCEPT,
        {
            "version": v2_dated_before_v1.pk,
            "text_sha256": render_version(v2_dated_before_v1).sha256,
            "next": "/fr/mon-compte/",
        },
    )
    assert accepted["Location"] == "/fr/mon-compte/"
    assert client.get("/fr/mon-compte/").status_code == 200
    assert Acceptance.objects.filter(user=user, version_number=2).count() == 1


def test_public_pages_follow_the_same_rule(client, v2_dated_before_v1):
    v2_page = client.get("/fr/informations-legales/politique-de-confidentialite/v2/").content.decode()
    v1_page = client.get("/fr/informations-legales/politique-de-confidentialite/v1/").content.decode()
    current = client.get("/fr/informations-legales/politique-de-confidentialite/").content.decode()
    history = client.get("/fr/informations-legales/politique-de-confidentialite/historique/")

    assert "n’est plus en vigueur" not in v2_page
    assert "n’est plus en vigueur" in v1_page
    assert "Version 2," in current
    assert history.context["current_number"] == 2


def test_the_old_version_can_no_longer_be_accepted(client, user, v2_dated_before_v1, v1_since_this_morning):
    other = UserFactory()
    client.force_login(other)
    response = client.post(
        ACCEPT,
        {"version": v1_since_this_morning.pk, "text_sha256": render_version(v1_since_this_morning).sha256},
    )
    assert response.status_code == 400
    assert not Acceptance.objects.filter(user=other).exists()


def test_signup_offers_the_version_in_force(client, v2_dated_before_v1):
    html = client.get("/fr/compte/signup/").content.decode()
    assert "/fr/informations-legales/politique-de-confidentialite/v2/" in html
    assert "/fr/informations-legales/politique-de-confidentialite/v1/" not in html


def test_the_notification_goes_out_for_the_version_in_force_only(
    v1_since_this_morning, django_capture_on_commit_callbacks
):
    UserFactory(email="a.prevenir@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        make_version(
            "privacy_policy", 3, effective_at=PARIS_AFTERNOON.replace(hour=12), requires_reacceptance=True
        )
    assert any("a.prevenir@example.fr" in m.to for m in mail.outbox)
    mail.outbox.clear()
    # A lower number published afterwards is never in force (v3 is): nobody is asked to accept it.
    with django_capture_on_commit_callbacks(execute=True):
        make_version(
            "privacy_policy",
            2,
            effective_at=PARIS_AFTERNOON.replace(hour=11),
            requires_reacceptance=True,
            clean=False,
        )
    assert mail.outbox == []


# --- The admin refuses what would break the rule ------------------------------------------------


def test_a_version_taking_effect_before_the_one_in_force_is_refused(v1_since_this_morning):
    draft = make_version(
        "privacy_policy",
        2,
        effective_at=PARIS_AFTERNOON.replace(hour=8),
        requires_reacceptance=True,
        publish=False,
        clean=False,
    )
    with pytest.raises(ValidationError) as refusal:
        draft.full_clean()
    message = " ".join(refusal.value.message_dict["effective_at"])
    assert "La version 1 de ce document est en vigueur depuis le 1 décembre 2026 10:00" in message
    assert "Choisissez le 1 décembre 2026 10:00 ou plus tard" in message

    draft.effective_at = PARIS_AFTERNOON.replace(hour=10)
    draft.full_clean()  # the same instant as v1 is accepted: v2 wins by its number


def test_a_version_taking_effect_before_an_announced_one_is_refused(v1_since_this_morning):
    make_version("privacy_policy", 2, effective_at=PARIS_AFTERNOON + timedelta(days=30))
    draft = make_version(
        "privacy_policy", 3, effective_at=PARIS_AFTERNOON + timedelta(days=10), publish=False, clean=False
    )
    with pytest.raises(ValidationError) as refusal:
        draft.full_clean()
    assert "annoncée pour le 31 décembre 2026" in " ".join(refusal.value.message_dict["effective_at"])


def test_a_translation_takes_effect_with_the_french_version(v1_since_this_morning):
    english = make_version(
        "privacy_policy",
        1,
        language="en",
        translation_of=v1_since_this_morning,
        effective_at=PARIS_AFTERNOON.replace(hour=12),
        publish=False,
        clean=False,
    )
    with pytest.raises(ValidationError) as refusal:
        english.full_clean()
    assert "la même date" in " ".join(refusal.value.message_dict["effective_at"])
    english.effective_at = v1_since_this_morning.effective_at
    english.full_clean()


# --- Never accepted at all: gated too ----------------------------------------------------------


def test_a_person_who_accepted_no_version_is_gated_even_without_the_reacceptance_flag(client, documents):
    make_version("terms_of_use", 1, effective_at=timezone.now() - timedelta(days=3))
    person = UserFactory()
    client.force_login(person)

    response = client.get("/fr/mon-compte/")

    assert response.status_code == 302
    assert response["Location"].startswith(REACCEPT)
    assert "conditions générales d’utilisation" in client.get(response["Location"]).content.decode().lower()


def test_a_practitioner_who_never_accepted_the_practitioners_terms_is_asked_for_them(client, documents):
    terms = make_version("terms_of_use", 1, effective_at=timezone.now() - timedelta(days=3))
    practitioner_terms = make_version(
        "practitioner_terms", 1, effective_at=timezone.now() - timedelta(days=3)
    )
    practitioner = UserFactory(role="practitioner")
    services.record_acceptance(version=terms, context="signup", user=practitioner)
    client.force_login(practitioner)

    page = client.get(REACCEPT)

    assert [v.pk for v in selectors.pending_versions_for(practitioner)] == [practitioner_terms.pk]
    assert "J’accepte la version 1 : Conditions générales des praticiens" in page.content.decode()
    assert client.get("/fr/mon-compte/").status_code == 302


def test_documents_that_bind_no_account_gate_nobody(client, documents):
    make_version("cookie_policy", 1, effective_at=timezone.now() - timedelta(days=3))
    make_version("legal_notice", 1, effective_at=timezone.now() - timedelta(days=3))
    client.force_login(UserFactory())
    assert client.get("/fr/mon-compte/").status_code == 200
