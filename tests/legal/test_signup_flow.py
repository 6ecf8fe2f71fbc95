"""The real signup page asks for the current terms and privacy policy and records both."""

import pytest

from accounts.models import User
from legal.models import Acceptance
from tests.accounts.test_signup import SIGNUP_URL, signup_data

pytestmark = pytest.mark.django_db


def _legal_data(privacy, terms):
    return {
        "accept_privacy_policy": "on",
        "accept_privacy_policy_version": str(privacy.pk),
        "accept_terms_of_use": "on",
        "accept_terms_of_use_version": str(terms.pk),
    }


def test_signup_page_shows_two_unticked_checkboxes_linking_the_versions(client, privacy_v1, terms_v1):
    html = client.get(SIGNUP_URL).content.decode()
    assert 'name="accept_privacy_policy"' in html
    assert 'name="accept_terms_of_use"' in html
    assert "checked" not in html.split('name="accept_privacy_policy"')[1].split(">")[0]
    assert "/fr/informations-legales/politique-de-confidentialite/v1/" in html
    assert "/fr/informations-legales/conditions-generales-utilisation/v1/" in html


def test_signup_without_accepting_the_terms_creates_no_account(client, privacy_v1, terms_v1):
    data = {**signup_data(), **_legal_data(privacy_v1, terms_v1)}
    del data["accept_terms_of_use"]
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 200
    assert not User.objects.filter(email=data["email"].lower()).exists()
    assert Acceptance.objects.count() == 0


def test_signup_records_both_acceptances_with_context_signup(client, privacy_v1, terms_v1):
    data = {**signup_data(), **_legal_data(privacy_v1, terms_v1)}
    response = client.post(SIGNUP_URL, data)
    assert response.status_code == 302
    user = User.objects.get(email=data["email"].lower())
    rows = Acceptance.objects.filter(user=user)
    assert {(r.version_id, r.context) for r in rows} == {(privacy_v1.pk, "signup"), (terms_v1.pk, "signup")}
    assert all(len(r.text_sha256) == 64 for r in rows)
