"""The export holds every category of one person's data and nothing of another's; erasure leaves
no trace of their e-mail, names or phone in any column of any table, no file of theirs in the
storage, and the hash chains still verify."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command

from booking.models import Appointment
from config.storages import private_storage
from privacy import erasure, export
from tests.privacy.scan import in_encrypted_columns, where_found

pytestmark = [pytest.mark.postgres]

EVERY_SECTION = [
    "account",
    "appointments",
    "payments",
    "acceptances",
    "cookie_receipts",
    "newsletter",
    "contact_messages",
    "notifications",
    "applications",
    "access_log",
]


def _non_empty(data) -> bool:
    if isinstance(data, dict):
        return any(_non_empty(value) for value in data.values())
    return bool(data)


def test_the_export_holds_every_category_of_the_person_and_nothing_of_the_other(world):
    alpha, beta = world["alpha"], world["beta"]
    data = json.loads(export.export_json(alpha.user))
    sections = data["sections"]
    assert data["format"] == export.FORMAT
    assert data["subject"] == {"id": alpha.user.pk}
    for key in EVERY_SECTION:
        assert _non_empty(sections[key]["data"]), f"section {key} is empty"

    assert sections["account"]["data"]["email"] == alpha.email
    [past, _upcoming] = sections["appointments"]["data"]
    assert past["reason"] == alpha.reason
    assert past["status_label"] == "Terminé"
    assert sections["payments"]["data"][0]["amount_cents"] == 6000
    contexts = {row["context"] for row in sections["acceptances"]["data"]}
    assert {"signup", "contact_form", "newsletter"} <= contexts
    receipt = sections["cookie_receipts"]["data"][0]
    assert receipt["policy_acceptance"]["consent_id"] == receipt["consent_id"]
    assert sections["newsletter"]["data"]["state"] == "confirmed"
    assert sections["contact_messages"]["data"][0]["message"] == alpha.contact_text
    application = sections["applications"]["data"][0]
    assert application["phone"] == alpha.phone
    assert application["acceptances"]
    assert sections["access_log"]["data"][0]["why"] == "Support : question sur un remboursement"
    assert sections["access_log"]["data"][0]["reader"].startswith("Sam Support")

    text = json.dumps(data, ensure_ascii=False)
    for value in [*beta.identifiers, beta.reason, beta.contact_text, beta.motivation]:
        assert value not in text


def test_the_archive_holds_the_json_and_the_person_files(world):
    alpha = world["alpha"]
    archive = zipfile.ZipFile(io.BytesIO(export.build_archive(alpha.user)))
    names = set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    photo = data["sections"]["account"]["data"]["photo_file"]
    documents = [d["document_file"] for d in data["sections"]["applications"]["data"][0]["documents"]]
    assert {"data.json", photo, *documents} <= names
    assert archive.read(photo) == private_storage().open(alpha.user.photo.name).read()


def test_erasure_leaves_no_trace_in_any_column_nor_file_and_the_ledger_verifies(
    world, django_capture_on_commit_callbacks
):
    alpha, beta = world["alpha"], world["beta"]
    secrets = [*alpha.identifiers, alpha.reason, alpha.contact_text, alpha.motivation]
    assert where_found(alpha.identifiers)  # the scan sees them before
    user = alpha.user

    with django_capture_on_commit_callbacks(execute=True):
        context = erasure.erase_person(user)

    assert where_found(alpha.identifiers) == []
    assert in_encrypted_columns(secrets) == []
    for name in alpha.files:
        assert not private_storage().exists(name), name
    call_command("verify_ledger", stdout=io.StringIO())

    # The tombstone: the same row, nobody's.
    user.refresh_from_db()
    assert user.email == f"erased-{user.pk}@invalid"
    assert not user.is_active
    assert user.erased_at
    assert not user.has_usable_password()
    # The appointment ahead is cancelled; the past one stays, without its reason.
    statuses = dict(Appointment.objects.filter(person=user).values_list("status", "reason"))
    assert statuses == {"completed": "", "cancelled_by_user": ""}
    # The practitioner is told, with neither the person's name nor the reason.
    [told] = [m for m in mail.outbox if m.to == [world["account"].email]]
    body = told.subject + told.body
    assert "supprimé son compte" in body
    assert alpha.reason not in body
    assert alpha.last_name not in body
    assert not [m for m in mail.outbox if user.email in m.to]
    # What was kept is said, with its basis.
    assert any("L123-22" in str(item.basis) for item in context.kept)

    # The other person is untouched.
    assert where_found([beta.email, beta.last_name])
    for name in beta.files:
        assert private_storage().exists(name)


def test_the_plan_lists_what_is_erased_and_what_is_kept(world):
    erased, kept = erasure.erasure_plan(world["alpha"].user)
    assert "Vos rendez-vous" in erased
    assert "Votre compte" in erased
    bases = " ".join(str(item.basis) for item in kept)
    assert "L123-22" in bases
    assert "article 7.1" in bases


def test_erasing_a_practitioner_removes_their_profile_and_cancels_their_patients_appointments(
    world, django_capture_on_commit_callbacks
):
    account, practitioner = world["account"], world["practitioner"]
    assert export.build_export(account)["sections"]["practitioner_profile"]["data"]["pages"]
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_person(account)
    assert where_found(["mireille.psy@example.fr", "Praticienne"]) == []
    practitioner.refresh_from_db()
    assert practitioner.display_name == f"practitioner {practitioner.pk}"
    assert not practitioner.pages.exists()
    ahead = Appointment.objects.filter(practitioner=practitioner, status="cancelled_by_practitioner")
    assert ahead.count() == 2  # Alpha's and Beta's
    call_command("verify_ledger", stdout=io.StringIO())
