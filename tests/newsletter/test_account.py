"""The opt-in at signup (unticked, optional) and the toggle in the account area."""

import pytest
from django.core import mail

from accounts.models import User
from legal.factories import make_version
from newsletter import selectors
from tests.accounts.test_signup import SIGNUP_URL, signup_data

pytestmark = pytest.mark.django_db

PAGE = "/fr/mon-compte/lettre-d-information/"


@pytest.fixture
def legal_data(privacy_v1):
    terms = make_version("terms_of_use", 1, effective_at=privacy_v1.effective_at)
    return {
        "accept_privacy_policy": "on",
        "accept_privacy_policy_version": str(privacy_v1.pk),
        "accept_terms_of_use": "on",
        "accept_terms_of_use_version": str(terms.pk),
    }


def test_the_signup_opt_in_is_optional_and_unticked(client, legal_data):
    html = client.get(SIGNUP_URL).content.decode()
    box = html.split('name="newsletter"')[1].split(">")[0]
    assert "checked" not in box
    assert "required" not in box
    assert "lettre d’information" in html


def test_signing_up_without_ticking_asks_nothing(client, legal_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(SIGNUP_URL, {**signup_data(), **legal_data}).status_code == 302
    user = User.objects.get(email="alice.durand@example.fr")
    assert selectors.state_of(user) is None
    assert not any("lettre d’information" in m.subject for m in mail.outbox)


def test_ticking_at_signup_sends_the_confirmation_and_subscribes_nobody_yet(
    client, legal_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, {**signup_data(), **legal_data, "newsletter": "on"})
    assert response.status_code == 302
    user = User.objects.get(email="alice.durand@example.fr")
    event = selectors.last_event(user)
    assert (event.kind, event.source) == ("subscribed", "signup")
    assert not selectors.is_subscribed(user)
    confirmations = [m for m in mail.outbox if "lettre d’information" in m.subject]
    assert [m.to for m in confirmations] == [[user.email]]


def test_the_account_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]


def test_the_account_toggle_subscribes_by_e_mail_then_withdraws(
    client, person, privacy_v1, django_capture_on_commit_callbacks
):
    from legal import services as legal_services

    legal_services.record_acceptance(version=privacy_v1, context="signup", user=person)
    client.force_login(person)
    page = client.get(PAGE).content.decode()
    assert "Vous n’êtes pas abonné·e" in page
    assert "/fr/mon-compte/lettre-d-information/" in client.get("/fr/mon-compte/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"wanted": "on"})
    assert selectors.state_of(person) == "subscribed"
    [message] = mail.outbox
    assert "attend votre confirmation" in client.get(PAGE).content.decode()

    path = "/fr/" + message.body.split("/fr/", 1)[1].split()[0]
    client.post(path, {"version": privacy_v1.pk})
    assert selectors.is_subscribed(person)
    assert "Vous êtes abonné·e" in client.get(PAGE).content.decode()

    client.post(PAGE, {})  # the box unticked
    last = selectors.last_event(person)
    assert (last.kind, last.source) == ("withdrawn", "account")
