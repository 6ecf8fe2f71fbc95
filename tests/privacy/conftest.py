import pytest
from cryptography.fernet import Fernet

from accounts.factories import UserFactory

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
