"""The person's side: their own requests only, a request sent from the centre, and the erasure
of their account (re-authentication, what is erased and kept, the report e-mail)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from accounts.factories import DEFAULT_PASSWORD
from legal.middleware import is_exempt
from privacy_requests import services
from privacy_requests.models import DataSubjectRequest

LIST = "/fr/mon-compte/mes-donnees/demandes/"
NEW = LIST + "nouvelle/"
ERASE = LIST + "effacement/"
pytestmark = pytest.mark.django_db


def test_a_person_sees_their_own_requests_only(client, person, other_person):
    mine = services.record_request(kind="access", channel="privacy_centre", user=person, acknowledge=False)
    theirs = services.record_request(
        kind="objection", channel="privacy_centre", user=other_person, acknowledge=False
    )
    client.force_login(person)
    html = client.get(LIST).content.decode()
    assert f"{LIST}{mine.pk}/" in html
    assert f"{LIST}{theirs.pk}/" not in html
    assert client.get(f"{LIST}{mine.pk}/").status_code == 200
    assert client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert client.get(f"{LIST}999999/").status_code == 404


def test_the_pages_need_an_account(client):
    for url in (LIST, NEW, ERASE):
        response = client.get(url)
        assert response.status_code == 302
        assert "/compte/login/" in response["Location"]


def test_the_privacy_centre_is_exempt_from_the_reacceptance_gate():
    assert is_exempt(ERASE)
    assert is_exempt("/en/mon-compte/mes-donnees/demandes/nouvelle/")


def test_a_request_sent_from_the_centre_is_acknowledged_with_its_deadline(
    client, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {"kind": "objection", "message": "Plus de rappels, merci."}, follow=True)
    dsr = DataSubjectRequest.objects.get()
    assert (dsr.kind, dsr.channel, dsr.user, dsr.status) == (
        "objection",
        "privacy_centre",
        person,
        "received",
    )
    assert dsr.requester_email == "lea.durand@example.fr"
    assert dsr.message == "Plus de rappels, merci."
    assert f"Votre demande n° {dsr.pk} est enregistrée" in response.content.decode()
    [ack] = mail.outbox
    assert ack.to == ["lea.durand@example.fr"]
    assert f"n° {dsr.pk}" in ack.subject
    assert "Nous vous répondrons au plus tard le" in ack.body
    assert "Plus de rappels" not in ack.body


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "other", "message": "  "}, "Dites-nous ce que vous demandez."),
        ({"kind": "erasure"}, "Sélectionnez un choix valide"),
        ({"kind": "nimporte"}, "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_request_is_refused_with_a_message(client, person, data, error):
    client.force_login(person)
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_the_erasure_page_says_what_is_erased_and_what_is_kept_and_why(client, person, probe):
    client.force_login(person)
    html = client.get(ERASE).content.decode()
    assert "Sonde de test" in html
    assert "Vos paiements de test" in html
    assert "Obligation comptable" in html
    assert "10 ans" in html
    assert 'type="password"' in html


def test_a_wrong_password_erases_nothing(client, person, probe):
    client.force_login(person)
    response = client.post(ERASE, {"password": "pas-le-bon"})
    assert response.status_code == 400
    assert "Mot de passe incorrect : rien n’a été effacé." in response.content.decode()
    assert probe == []
    assert not DataSubjectRequest.objects.exists()
    assert client.session[SESSION_KEY] == str(person.pk)
    assert mail.outbox == []


def test_the_confirmation_needs_the_csrf_token(person, probe):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(ERASE, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert probe == []


def test_too_many_password_attempts_are_refused(client, person, probe):
    client.force_login(person)
    statuses = [client.post(ERASE, {"password": "faux"}).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    assert probe == []


def test_the_right_password_erases_logs_out_and_sends_the_report(
    client, person, probe, django_capture_on_commit_callbacks
):
    earlier = services.record_request(
        kind="access", channel="privacy_centre", user=person, message="Mon texte", acknowledge=False
    )
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ERASE, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == ERASE + "termine/"
    assert SESSION_KEY not in client.session  # signed out
    assert probe == [person.pk]
    erasure = DataSubjectRequest.objects.get(kind="erasure")
    assert (erasure.user_id, erasure.channel, erasure.status) == (person.pk, "privacy_centre", "answered")
    assert erasure.answered_at is not None
    assert list(erasure.events.values_list("action", "to_status")) == [
        ("created", "received"),
        ("erasure", "answered"),
    ]
    # The requests stay, as proof, without what identified the person.
    for dsr in DataSubjectRequest.objects.filter(user=person):
        assert (dsr.requester_name, dsr.requester_email, dsr.message) == ("", "", "")
    assert DataSubjectRequest.objects.get(pk=earlier.pk).kind == "access"

    [report] = mail.outbox
    assert report.to == ["lea.durand@example.fr"]  # the address the account had
    assert report.subject == "Vos données ont été effacées"
    body = report.body
    assert "Bonjour Léa," in body
    assert "Sonde : vos données de test" in body
    assert "Le contenu de vos demandes relatives à vos données" in body
    assert "Vos paiements de test" in body
    assert "Base légale : Obligation comptable. Conservé : 10 ans." in body
    assert "L’existence de vos demandes relatives à vos données" in body
    assert "articles 5.2 et 12 du RGPD" in body
    html = report.alternatives[0][0]
    assert "Vos paiements de test" in html

    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Vos données ont été effacées" in done.content.decode()
