"""The person's own access log: date, the reader's role (not their name), what, why."""

import pytest

from privacy.services import log_access

from .conftest import RIGHTS

pytestmark = pytest.mark.django_db

LOG = RIGHTS + "consultations/"


def test_lists_who_read_my_data_by_role_with_the_reason(person_client, person, dpo, editor):
    log_access(actor=dpo, subject=person, what="appointment.reason", why="Réclamation n° 12")
    log_access(actor=editor, subject=person, what="application.document", why="Vérification du diplôme")

    html = person_client.get(LOG).content.decode()

    assert "Réclamation n° 12" in html
    assert "Le motif de consultation d’un rendez-vous" in html
    assert "Délégué·e à la protection des données" in html
    assert "Membre de l’équipe Psyconsult" in html
    assert "Vérification du diplôme" in html
    assert "Dominique" not in html  # the readers' names stay in the DPO's admin
    assert "2 consultations" in html


def test_only_my_own_entries(person_client, person, other_person, dpo):
    log_access(actor=dpo, subject=other_person, what="appointment.reason", why="Dossier de quelqu’un d’autre")

    html = person_client.get(LOG).content.decode()

    assert "Dossier de quelqu’un d’autre" not in html
    assert "Personne d’autre que vous et votre praticien" in html


def test_a_bad_page_number_is_not_an_error(person_client):
    assert person_client.get(LOG + "?page=abc").status_code == 200
    assert person_client.get(LOG + "?page=999").status_code == 200


def test_anonymous_visitors_sign_in_first(client):
    response = client.get(LOG)
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
