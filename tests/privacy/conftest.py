import pytest
from cryptography.fernet import Fernet
from django.core import mail
from wagtail.models import Site

from accounts.factories import UserFactory
from practitioners_directory.models import DirectoryPage
from tests.privacy.people import bookable_practitioner, legal_versions, make_rich_person

# Fresh keys for the rotation tests (the suite's own key is in config.settings.test).
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


@pytest.fixture
def person(db):
    return UserFactory(email="lea.durand@example.fr", first_name="Léa", last_name="Durand")


@pytest.fixture
def practitioner(db):
    return UserFactory(email="dr.martin@example.fr", first_name="Paul", last_name="Martin")


@pytest.fixture
def staff(db):
    return UserFactory(email="support@example.fr", first_name="Sam", last_name="Support", is_staff=True)


def raw_column(model, pk, column: str):
    """What the database holds, read around the field."""
    from django.db import connection

    table, qn = model._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def world(db):
    """Two rich people (Alpha and Beta) with data in every app, a practitioner and a staff reader."""
    root = Site.objects.get(is_default_site=True).root_page
    directory = DirectoryPage(title="Annuaire", slug="annuaire-privacy")
    root.add_child(instance=directory)
    directory.save_revision().publish()
    account = UserFactory(email="mireille.psy@example.fr", role="practitioner", first_name="Mireille")
    practitioner = bookable_practitioner(directory, account)
    staff = UserFactory(
        email="support.equipe@example.fr", first_name="Sam", last_name="Support", is_staff=True
    )
    versions = legal_versions()
    alpha = make_rich_person("Alpha", practitioner=practitioner, staff=staff, versions=versions, hour=1)
    beta = make_rich_person("Beta", practitioner=practitioner, staff=staff, versions=versions, hour=3)
    mail.outbox.clear()
    return {"alpha": alpha, "beta": beta, "practitioner": practitioner, "account": account, "staff": staff}
