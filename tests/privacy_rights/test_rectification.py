"""Rectification: every editable field on the profile page; bad input is a 200 with messages;
the fields that cannot be edited there say why and where."""

import pytest

from .conftest import RIGHTS

pytestmark = pytest.mark.django_db

PROFILE = "/fr/mon-compte/"


def valid(**changes):
    data = {
        "first_name": "Camille",
        "last_name": "Lefèvre",
        "gender": "female",
        "postal_code": "69003",
        "preferred_language": "fr",
        "time_zone": "Europe/Paris",
    }
    return {**data, **changes}


def test_the_profile_saves_each_editable_field(person_client, person):
    response = person_client.post(PROFILE, valid(first_name="Camila", postal_code="13001", time_zone="UTC"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.postal_code, person.time_zone) == ("Camila", "13001", "UTC")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"postal_code": "7501"}, "postal_code", "code postal"),
        ({"first_name": ""}, "first_name", "requis"),
        ({"gender": "martian"}, "gender", "valide"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    person_client, person, changes, field, message
):
    before = (person.first_name, person.postal_code, person.gender)
    response = person_client.post(PROFILE, valid(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field]).lower()
    person.refresh_from_db()
    assert (person.first_name, person.postal_code, person.gender) == before


def test_what_cannot_be_edited_is_listed_with_why_and_where(person_client):
    html = person_client.get(PROFILE).content.decode()

    assert "Ce que vous ne pouvez pas modifier ici, et pourquoi" in html
    assert "/fr/compte/email/" in html  # allauth's e-mail management, with verification
    assert "pièces comptables" in html
    assert "prouvent ce que vous avez accepté" in html
    assert RIGHTS in html


def test_a_practitioner_is_sent_to_the_moderated_profile(client, practitioner_account):
    client.force_login(practitioner_account)
    html = client.get(PROFILE).content.decode()

    assert "relues par l’équipe avant d’être publiées" in html
    assert "Modifier mon profil de praticien" in html
