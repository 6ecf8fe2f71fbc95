"""Wagtail admin: the DPO browses the access log, read-only, in French with readable values."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.factories import SuperUserFactory, UserFactory
from accounts.models import User
from privacy import services
from privacy.models import AccessLogEntry
from tests.test_translations import RAW_VALUES, _visible_text

LOG = "/admin/donnees/consultations/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(staff, person, practitioner):
    about_person = services.log_access(
        actor=staff, subject=person, what="appointment.reason", obj_ref="booking.appointment:7", why="litige"
    )
    about_other = services.log_access(
        actor=staff, subject=practitioner, what="application.document", why="vérification"
    )
    return about_person, about_other


def _dpo():
    person = UserFactory(is_staff=True, email="dpo@example.fr")
    group = Group.objects.create(name="DPO test")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_accesslogentry"),
    )
    person.groups.add(group)
    return person


def test_the_dpo_lists_and_filters_the_log_by_person(client, entries):
    client.force_login(_dpo())
    response = client.get(LOG + "?subject_email=LEA.DURAND@example.fr")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Journal des consultations" in html
    assert "appointment.reason" in html
    assert "litige" in html
    assert "application.document" not in html
    assert "/admin/integrite/" in html  # the proof of the chain's head
    assert f"{LOG}inspect/{entries[0].pk}/" in html  # each row opens its details
    assert RAW_VALUES.findall(_visible_text(html)) == []


def test_the_log_has_no_add_edit_or_delete_even_for_a_superuser(client, entries):
    row = entries[0]
    client.force_login(SuperUserFactory())
    html = client.get(LOG).content.decode()
    assert f"{LOG}new/" not in html
    assert f"{LOG}edit/{row.pk}/" not in html
    assert client.get(f"{LOG}new/").status_code == 302  # permission denied → admin home
    assert client.get(f"{LOG}edit/{row.pk}/").status_code == 302
    assert client.post(f"{LOG}delete/{row.pk}/").status_code == 302
    assert client.post(f"{LOG}edit/{row.pk}/", {"why": "effacé"}).status_code == 302
    assert AccessLogEntry.objects.get(pk=row.pk).why == "litige"


def test_the_inspect_view_reads_like_french_without_raw_values(client, entries):
    row = entries[0]
    client.force_login(_dpo())
    response = client.get(f"{LOG}inspect/{row.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    text = _visible_text(response.content.decode())
    assert response.status_code == 200
    for label in ("Lecteur", "Personne concernée", "Donnée consultée", "Motif", "Consulté le"):
        assert label in text
    assert "Léa Durand (lea.durand@example.fr)" in text
    assert "Sam Support (support@example.fr)" in text
    assert RAW_VALUES.findall(text) == []
    assert row.chain_hash in text
    assert "appointment.reason — booking.appointment:7" in text  # the title


def test_staff_without_the_view_permission_do_not_see_the_log(client, entries):
    client.force_login(UserFactory(is_staff=True, email="redaction@example.fr"))
    assert client.get(LOG).status_code == 302
    assert client.get(f"{LOG}inspect/{entries[0].pk}/").status_code == 302


def test_the_demo_dpo_group_may_read_the_log(demo_content):
    from home.demo_support import DPO_GROUP

    assert Group.objects.get(name=DPO_GROUP).permissions.filter(codename="view_accesslogentry").exists()


def test_the_demo_dpo_signs_in_and_reads_the_log_the_ledger_and_the_receipts(client, demo_content):
    from privacy.demo import DPO_EMAIL

    client.force_login(User.objects.get(email=DPO_EMAIL))
    for path in (LOG, "/admin/juridique/registre/", "/admin/cookies/recus/"):
        assert client.get(path).status_code == 200, path
