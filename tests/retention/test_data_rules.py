"""Rejected applications with their documents, contact messages, reasons for consulting: due after
the set duration (and not a day before), deleted or blanked, counted without names."""

import io
import json
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from booking.models import Appointment
from contact.models import ContactMessage
from practitioners_directory.models import ApplicationStatusChange, PractitionerApplication
from retention import rules
from retention.models import RetentionSettings
from retention.selectors import months_before, years_before
from retention.services import run_rules
from tests.contact.test_admin import make_message
from tests.practitioners_directory.factories import make_application
from tests.privacy.conftest import raw_column

from .conftest import NOW, appointment, inactive

pytestmark = pytest.mark.django_db

Status = PractitionerApplication.Status


def rejected(months: int, days: int, **fields):
    application = make_application(status=Status.REJECTED, rejection_reason="Dossier incomplet", **fields)
    PractitionerApplication.objects.filter(pk=application.pk).update(
        status_changed_at=months_before(NOW, months) - timedelta(days=days)
    )
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=Status.IN_REVIEW,
        to_status=Status.REJECTED,
        reason="Nina : incomplet",
    )
    log(application, "wagtail.edit")
    return application


def test_rejected_applications_are_due_six_months_after_the_refusal(now):
    old = rejected(6, 1)
    rejected(6, -1)
    make_application(status=Status.IN_REVIEW, submitted_at=NOW - timedelta(days=800))
    approved = make_application(status=Status.APPROVED)
    PractitionerApplication.objects.filter(pk=approved.pk).update(status_changed_at=NOW - timedelta(days=800))

    assert [a.pk for a in rules.rule("rejected_applications").due(NOW)] == [old.pk]


def test_a_rejected_application_goes_with_its_files_history_and_log_lines(
    now, django_capture_on_commit_callbacks
):
    old = rejected(7, 0, last_name="Roussel-Unique")
    kept = rejected(1, 0)
    files = [old.diploma.name, old.insurance.name]
    private = storages["private"]
    assert all(private.exists(name) for name in files)

    # The documents go once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        run = run_rules(dry_run=False, rules=(rules.rule("rejected_applications"),))

    assert run.counts["rejected_applications"] == {"due": 1, "applications": 1, "files": 2, "errors": 0}
    assert list(PractitionerApplication.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not ApplicationStatusChange.objects.filter(application_id=old.pk).exists()
    assert not ModelLogEntry.objects.filter(object_id=str(old.pk), label__contains="Roussel").exists()
    assert not any(private.exists(name) for name in files)
    assert private.exists(kept.diploma.name)
    assert "Roussel" not in json.dumps([run.counts, run.errors])


def test_the_dpo_sets_the_months(now):
    RetentionSettings.objects.create(rejected_application_months=2)
    old = rejected(2, 1)
    assert [a.pk for a in rules.rule("rejected_applications").due(NOW)] == [old.pk]


def _message_aged(policy, topics, days):
    message = make_message(policy, topics["account"])
    ContactMessage.objects.filter(pk=message.pk).update(created_at=NOW - timedelta(days=days))
    return message


def test_contact_messages_follow_the_setting_and_the_contact_app_reads_it_too(now, privacy, subjects):
    rule = rules.rule("contact_messages")
    year_old = _message_aged(privacy, subjects, 366)
    month_old = _message_aged(privacy, subjects, 40)
    # Never saved: CONTACT_RETENTION_DAYS (365), as before this app.
    assert [m.pk for m in rule.due(NOW)] == [year_old.pk]

    RetentionSettings.objects.create(contact_message_days=30)
    assert [m.pk for m in rule.due(NOW)] == [year_old.pk, month_old.pk]
    out = io.StringIO()
    call_command("purge_expired_contact_messages", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 message(s) de plus de 30 jours")

    assert rule.apply(rule.due(NOW), dry_run=True, now=NOW) == {"messages": 2}
    assert ContactMessage.objects.count() == 2
    assert rule.apply(rule.due(NOW), dry_run=False, now=NOW) == {"messages": 2}
    assert not ContactMessage.objects.exists()


def test_the_settings_row_starts_from_the_environment_value(settings):
    settings.CONTACT_RETENTION_DAYS = 200
    assert RetentionSettings.objects.create().contact_message_days == 200


def test_reasons_are_blanked_five_years_after_the_appointment_and_the_appointment_stays(now, practice):
    person = inactive(years=0)
    old = appointment(
        practice,
        person,
        start=years_before(NOW, 5) - timedelta(days=1),
        status=Appointment.Status.COMPLETED,
        reason="Crises d’angoisse",
    )
    recent = appointment(
        practice,
        person,
        start=years_before(NOW, 5) + timedelta(days=1),
        status=Appointment.Status.COMPLETED,
        reason="Deuil",
    )
    no_reason = appointment(practice, person, start=years_before(NOW, 6), status=Appointment.Status.COMPLETED)
    rule = rules.rule("appointment_reasons")
    assert list(rule.due(NOW)) == [old.pk]

    token = raw_column(Appointment, old.pk, "reason")
    assert rule.apply(rule.due(NOW), dry_run=True, now=NOW) == {"reasons": 1}
    assert raw_column(Appointment, old.pk, "reason") == token

    assert rule.apply(rule.due(NOW), dry_run=False, now=NOW) == {"reasons": 1}
    assert raw_column(Appointment, old.pk, "reason") == ""
    old.refresh_from_db()
    assert (old.reason, old.status, old.person_id) == ("", Appointment.Status.COMPLETED, person.pk)
    assert Appointment.objects.get(pk=recent.pk).reason == "Deuil"
    assert Appointment.objects.filter(pk=no_reason.pk).exists()
    assert list(rule.due(NOW)) == []
