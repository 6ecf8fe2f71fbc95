"""The admin: the DPO reads the run reports (read-only) under "Données personnelles"; editors read
the rules, only the DPO changes them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.factories import SuperUserFactory, UserFactory
from home.demo_support import DPO_GROUP, EDITORS_GROUP
from retention.models import RetentionRun, RetentionSettings
from retention.services import run_rules
from tests.booking.test_admin import _menu
from tests.test_translations import RAW_VALUES, _visible_text

RUNS = "/admin/donnees/conservation/"
RULES = "/admin/conservation/regles/"

pytestmark = pytest.mark.django_db


def staff_with(*codenames, email):
    person = UserFactory(is_staff=True, email=email)
    group = Group.objects.create(name=f"group {email}")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    person.groups.add(group)
    return person


@pytest.fixture
def dpo(db):
    return staff_with(
        "view_retentionrun", "view_retentionsettings", "change_retentionsettings", email="dpo@example.fr"
    )


@pytest.fixture
def editor(db):
    return staff_with("view_retentionsettings", email="editor@example.fr")


@pytest.fixture
def report(db):
    return run_rules(dry_run=True)


def test_the_dpo_lists_and_inspects_the_runs_in_french(client, dpo, report):
    client.force_login(dpo)
    listing = client.get(RUNS)
    html = listing.content.decode()
    assert listing.status_code == 200
    assert f"{RUNS}inspect/{report.pk}/" in html
    assert "Simulation" in html
    assert RAW_VALUES.findall(_visible_text(html)) == []
    assert RULES in html  # the rules in force, from the listing's header

    page = client.get(f"{RUNS}inspect/{report.pk}/")
    text = _visible_text(page.content.decode())
    assert page.status_code == 200
    assert "Comptes inactifs : avertissement" in text
    assert "Candidatures refusées et leurs pièces" in text
    assert "Simulation : ce qui aurait été fait" in text
    assert RAW_VALUES.findall(text) == []


def test_the_runs_are_in_the_personal_data_menu(client, dpo):
    client.force_login(dpo)
    menu = _menu(client.get("/admin/"))
    assert menu["retention-runs"] == "Conservation : exécutions"
    assert menu["donnees-personnelles"] == "Données personnelles"


def test_nobody_writes_a_report_in_the_admin_not_even_a_superuser(client, report):
    client.force_login(SuperUserFactory())
    html = client.get(RUNS).content.decode()
    assert f"{RUNS}new/" not in html
    assert client.get(f"{RUNS}new/").status_code == 302
    assert client.post(f"{RUNS}delete/{report.pk}/").status_code == 302
    assert client.post(f"{RUNS}edit/{report.pk}/", {"dry_run": ""}).status_code == 302
    assert RetentionRun.objects.get(pk=report.pk).dry_run


def test_an_editor_does_not_see_the_runs(client, editor, report):
    client.force_login(editor)
    assert client.get(RUNS).status_code == 302  # permission denied → admin home
    assert client.get(f"{RUNS}inspect/{report.pk}/").status_code == 302


def test_an_editor_reads_the_rules_but_cannot_change_them(client, editor):
    RetentionSettings.objects.create(appointment_reason_years=7)
    client.force_login(editor)
    page = client.get(RULES)
    text = _visible_text(page.content.decode())
    assert page.status_code == 200
    assert "Effacer les motifs de consultation après (années)" in text
    assert "7" in text
    assert "article 2224 du Code civil" in text
    assert "Modifier les durées" not in text
    assert _menu(client.get("/admin/"))["retention-rules"] == "Règles de conservation"  # Paramètres

    edit = reverse("wagtailsettings:edit", args=["retention", "retentionsettings"])
    assert client.get(edit).status_code == 302
    client.post(edit, _form(appointment_reason_years=1))
    assert RetentionSettings.load().appointment_reason_years == 7


def test_someone_without_the_view_permission_gets_no_rules_page(client):
    client.force_login(staff_with(email="other@example.fr"))
    assert client.get(RULES).status_code == 302


def _form(**changes):
    values = {
        "inactive_warning_years": 3,
        "inactive_anonymisation_days": 30,
        "rejected_application_months": 6,
        "contact_message_days": 365,
        "appointment_reason_years": 5,
        "consent_proof_years": 5,
    }
    return {**values, **changes}


def test_the_dpo_changes_the_rules_within_bounds(client, dpo):
    settings_row = RetentionSettings.load()
    client.force_login(dpo)
    assert "Modifier les durées" in client.get(RULES).content.decode()
    edit = reverse("wagtailsettings:edit", args=["retention", "retentionsettings", settings_row.pk])
    assert client.get(edit).status_code == 200

    assert client.post(edit, _form(appointment_reason_years=3)).status_code == 302
    assert RetentionSettings.load().appointment_reason_years == 3

    refused = client.post(edit, _form(inactive_anonymisation_days=2))  # under a week: too short
    assert refused.status_code == 200
    assert RetentionSettings.load().inactive_anonymisation_days == 30


def test_the_demo_gives_editors_the_reading_and_the_dpo_the_writing(demo_content):
    editors, dpo = Group.objects.get(name=EDITORS_GROUP), Group.objects.get(name=DPO_GROUP)
    assert editors.permissions.filter(codename="view_retentionsettings").exists()
    assert not editors.permissions.filter(codename="change_retentionsettings").exists()
    assert set(
        dpo.permissions.filter(content_type__app_label="retention").values_list("codename", flat=True)
    ) == {"view_retentionsettings", "change_retentionsettings", "view_retentionrun"}


def test_a_run_with_errors_shows_them_without_raw_values(client, dpo):
    run = RetentionRun.objects.create(
        trigger=RetentionRun.Trigger.DAILY,
        counts={"inactive_warning": {"due": 2, "warned": 1, "errors": 1}},
        errors=[{"rule": "inactive_warning", "item": "user 7", "error": "OSError: refused <adresse>"}],
    )
    client.force_login(dpo)
    page = client.get(f"{RUNS}inspect/{run.pk}/")
    text = _visible_text(page.content.decode())
    assert "Comptes inactifs : avertissement — user 7 : OSError: refused &lt;adresse&gt;" in text  # escaped
    assert "avertissements : 1, erreurs : 1" in text
    assert "en cours ou interrompue" in _visible_text(client.get(RUNS).content.decode())
    assert RAW_VALUES.findall(text) == []
