"""The practitioner application's phone and motivation: encrypted at rest, existing rows encrypted
by the migration's operation, reviewers' reads of the motivation kept."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations import RunPython
from django.urls import reverse
from wagtail.models import ModelLogEntry

from practitioners_directory.models import PractitionerApplication
from practitioners_directory.services import MOTIVATION_READ_ACTION
from privacy import crypto
from privacy.models import AccessLogEntry
from tests.practitioners_directory.conftest import reviewer  # noqa: F401
from tests.practitioners_directory.factories import make_application
from tests.privacy.conftest import raw_column

pytestmark = pytest.mark.django_db

MOTIVATION = "Je travaille auprès de personnes en deuil depuis dix ans."
PHONE = "06 12 34 56 78"


def test_phone_and_motivation_are_ciphertext_in_the_table():
    application = make_application(phone=PHONE, motivation=MOTIVATION)

    for column, plain in (("phone", PHONE), ("motivation", MOTIVATION)):
        stored = raw_column(PractitionerApplication, application.pk, column)
        assert stored.startswith("gAAAA")
        assert crypto.decrypt(stored) == plain
    application.refresh_from_db()
    assert (application.phone, application.motivation) == (PHONE, MOTIVATION)


def _migration_operation():
    module = importlib.import_module(
        "practitioners_directory.migrations.0003_encrypt_application_phone_and_motivation"
    )
    (operation,) = [op for op in module.Migration.operations if isinstance(op, RunPython)]
    return operation


def _write_plain(pk, phone, motivation):
    table = PractitionerApplication._meta.db_table
    with connection.cursor() as cursor:
        statement = f"UPDATE {table} SET phone = %s, motivation = %s WHERE id = %s"  # noqa: S608
        cursor.execute(statement, [phone, motivation, pk])


def test_the_migration_encrypts_rows_written_before_it_and_can_be_reversed():
    older = make_application()
    blank_phone = make_application(phone="")
    _write_plain(older.pk, PHONE, MOTIVATION)  # as the column held them before the migration
    _write_plain(blank_phone.pk, "", "Motivation ancienne")
    operation = _migration_operation()
    editor = SimpleNamespace(connection=connection)

    operation.code(apps, editor)

    for pk, phone, motivation in ((older.pk, PHONE, MOTIVATION), (blank_phone.pk, "", "Motivation ancienne")):
        row = PractitionerApplication.objects.get(pk=pk)
        assert (row.phone, row.motivation) == (phone, motivation)
        assert raw_column(PractitionerApplication, pk, "motivation").startswith("gAAAA")
    assert raw_column(PractitionerApplication, blank_phone.pk, "phone") == ""
    token = raw_column(PractitionerApplication, older.pk, "phone")

    operation.code(apps, editor)  # twice: tokens are left as they are
    assert raw_column(PractitionerApplication, older.pk, "phone") == token

    operation.reverse_code(apps, editor)
    assert raw_column(PractitionerApplication, older.pk, "phone") == PHONE
    assert raw_column(PractitionerApplication, older.pk, "motivation") == MOTIVATION


def test_the_form_keeps_a_one_line_phone_of_30_characters_at_most():
    from practitioners_directory.forms import ApplicationForm

    field = ApplicationForm.base_fields["phone"]
    assert field.max_length == 30
    assert field.widget.input_type in ("text", "tel")


def test_a_reviewers_read_of_the_motivation_is_kept(client, reviewer, person):  # noqa: F811
    with_account = make_application(motivation=MOTIVATION, user=person)
    without_account = make_application(motivation="Sans compte encore.")
    client.force_login(reviewer)

    page = client.get(reverse("practitioner_applications:inspect", args=[with_account.pk]))

    assert MOTIVATION in page.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.actor_id, entry.subject_id, entry.what) == (
        reviewer.pk,
        person.pk,
        "application.motivation",
    )
    assert entry.obj_ref == f"practitioners_directory.practitionerapplication:{with_account.pk}"

    client.get(reverse("practitioner_applications:inspect", args=[without_account.pk]))

    assert AccessLogEntry.objects.count() == 1
    assert ModelLogEntry.objects.filter(
        action=MOTIVATION_READ_ACTION, object_id=str(without_account.pk)
    ).exists()
