"""The account page leads a practitioner to the self-edit page of their directory profile."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.factories import UserFactory
from accounts.models import User

PROFILE_URL = "/fr/mon-compte/"


def edit_url(language="fr"):
    with translation.override(language):
        return reverse("practitioners_directory:edit_own_profile")


@pytest.mark.django_db
def test_a_practitioner_sees_the_link_to_edit_their_directory_profile(client):
    client.force_login(UserFactory(role=User.Role.PRACTITIONER))

    html = client.get(PROFILE_URL).content.decode()

    assert edit_url() == "/fr/mon-compte/profil-praticien/"
    assert f'href="{edit_url()}"' in html
    assert "Modifier mon profil de praticien" in html


@pytest.mark.django_db
def test_a_user_who_is_not_a_practitioner_gets_no_such_link(client):
    client.force_login(UserFactory(role=User.Role.USER))

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    assert edit_url() not in response.content.decode()


@pytest.mark.django_db
def test_the_link_keeps_the_english_prefix_on_the_english_account_page(client):
    client.force_login(UserFactory(role=User.Role.PRACTITIONER, preferred_language="en"))

    html = client.get("/en/mon-compte/").content.decode()

    assert f'href="{edit_url("en")}"' in html
    assert edit_url("en").startswith("/en/")
