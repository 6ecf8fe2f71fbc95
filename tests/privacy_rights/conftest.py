import pytest
from django.contrib.auth.models import Permission

from accounts.factories import UserFactory
from privacy_rights import services
from tests.booking.conftest import (  # noqa: F401
    directory,
    frozen_now,
    other_person,
    practitioner,
    practitioner_account,
)

RIGHTS = "/fr/mon-compte/mes-donnees/droits/"


@pytest.fixture
def person(db):
    return UserFactory(email="camille.rights@example.fr", first_name="Camille", last_name="Lefèvre")


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


def _staff(email, *codenames):
    user = UserFactory(email=email, first_name="Dominique", last_name="Perrin", is_staff=True)
    for codename in ("access_admin", *codenames):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def dpo(db):
    return _staff(
        "dpd.rights@example.fr", "lift_restriction", "view_postmortemdirective", "view_accesslogentry"
    )


@pytest.fixture
def editor(db):
    """In the admin, without any of the DPO's permissions."""
    return _staff("editeur.rights@example.fr")


@pytest.fixture
def restricted(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.restrict_account(user=person, ground="accuracy", reason="Mon code postal est faux.")
    person.refresh_from_db()
    return person
