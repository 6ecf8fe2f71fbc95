import pytest
from django.contrib.auth.models import Permission

from accounts.factories import UserFactory
from home.demo_support import DPO_GROUP
from privacy import registry
from privacy.registry import Handler, Kept
from privacy_requests.demo import grant_dpo

PROBE_KEY = "test_prequests_probe"


@pytest.fixture
def person(db):
    return UserFactory(email="lea.durand@example.fr", first_name="Léa", last_name="Durand")


@pytest.fixture
def other_person(db):
    return UserFactory(email="marc.petit@example.fr", first_name="Marc", last_name="Petit")


@pytest.fixture
def dpo(db):
    """A staff account in the demo's DPO group, with what the demo grants it here."""
    from django.contrib.auth.models import Group

    grant_dpo()
    group = Group.objects.get(name=DPO_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(email="dpd@example.fr", first_name="Dominique", last_name="Perrin", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db):
    """Signs in to the admin, but is not the DPO."""
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Admin seulement")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(email="editeur@example.fr", is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def probe():
    """A privacy handler of our own (the apps' real handlers are written elsewhere): it records
    the people it erased, says what it removed and what it keeps."""
    erased = []

    def erase(user, context):
        erased.append(user.pk)
        context.erased.append("Sonde : vos données de test")

    handler = registry.register(
        Handler(
            key=PROBE_KEY,
            label="Sonde de test",
            export=lambda user: [{"probe": user.pk}],
            files=lambda user: [("sonde.txt", b"contenu")],
            erase=erase,
            kept=lambda user: [
                Kept(label="Vos paiements de test", basis="Obligation comptable", until="10 ans")
            ],
            order=50,
        )
    )
    yield erased
    registry._handlers.pop(handler.key, None)
