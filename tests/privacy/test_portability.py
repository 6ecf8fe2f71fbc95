"""Portability: the archive is built by a task, stored encrypted, downloaded by its owner only
for PERSONAL_DATA_EXPORT_DAYS days, then deleted."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.factories import StaffUserFactory, UserFactory
from config.storages import private_storage
from privacy import portability
from privacy.models import PersonalDataExport

# The JSON format, as documented in the README ("Privacy centre: export and erasure").
TOP_LEVEL_KEYS = {"format", "version", "generated_at", "subject", "sections"}
SECTION_KEYS = {
    "account": {
        "id", "email", "first_name", "last_name", "gender", "gender_label", "postal_code", "role",
        "role_label", "preferred_language", "preferred_language_label", "time_zone", "time_zone_label",
        "date_joined", "last_login", "is_active", "photo_file", "email_addresses",
    },
    "appointments": {
        "reference", "practitioner", "start", "end", "status", "status_label", "visit", "visit_label",
        "methodology", "reason", "price_cents", "terms_version", "created_at", "history",
    },
    "payments": {
        "reference", "receipt_number", "appointment", "practitioner", "status", "status_label", "currency",
        "amount_cents", "refunded_cents", "created_at", "paid_at", "refunds", "history",
    },
    "acceptances": {
        "id", "document", "document_label", "version_number", "version_title", "context", "context_label",
        "accepted_at", "language", "text_sha256", "consent_id", "user_agent", "ip_network", "chain_hash",
    },
    "cookie_receipts": {
        "id", "consent_id", "decision", "decision_label", "source", "source_label", "choices",
        "policy_version_number", "policy_acceptance", "created_at", "language", "signed_in", "user_agent",
        "ip_network", "chain_hash",
    },
    "newsletter": {"state", "state_label", "events", "deliveries"},
    "contact_messages": {
        "reference", "created_at", "name", "email", "subject", "message", "language", "language_label",
        "status", "status_label", "acceptance",
    },
    "notifications": {"reminders", "daily_summary", "sent", "daily_summaries"},
    "applications": {
        "id", "status", "status_label", "submitted_at", "status_changed_at", "first_name", "last_name",
        "gender", "gender_label", "email", "phone", "postal_code", "city", "professional_title", "rpps",
        "adeli", "methodologies", "motivation", "rejection_reason", "language", "language_label",
        "documents", "history", "acceptances",
    },
    "access_log": {"accessed_at", "reader", "what", "object", "why"},
}  # fmt: skip


@pytest.fixture
def built(world, django_capture_on_commit_callbacks):
    """Alpha asked for their archive; the task ran (immediate backend, after commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        export = portability.request_export(world["alpha"].user)
    export.refresh_from_db()
    return export


def _keys(section):
    data = section["data"]
    return set(data[0]) if isinstance(data, list) else set(data)


def test_the_json_keeps_its_documented_keys(built, world):
    archive = zipfile.ZipFile(io.BytesIO(portability.decrypted_archive(built)))
    data = json.loads(archive.read("data.json"))
    assert set(data) == TOP_LEVEL_KEYS
    for key, expected in SECTION_KEYS.items():
        assert _keys(data["sections"][key]) == expected, key


def test_the_archive_is_ready_encrypted_at_rest_and_holds_the_files(built, world):
    assert built.status == PersonalDataExport.Status.READY
    assert built.expires_at - built.finished_at == timedelta(days=7)
    stored = private_storage().open(built.file_name).read()
    assert not stored.startswith(b"PK")  # not a readable ZIP: a Fernet token
    archive = zipfile.ZipFile(io.BytesIO(portability.decrypted_archive(built)))
    names = archive.namelist()
    assert "data.json" in names
    assert any(name.startswith("files/account/photo") for name in names)
    assert sum(name.startswith("files/applications/") for name in names) == 2


def test_a_double_request_builds_once(world):
    user = world["alpha"].user
    first = portability.request_export(user)  # the task waits for the commit (never, here)
    assert portability.request_export(user) == first


def test_the_page_requests_an_export_and_shows_its_progress(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world["alpha"].user)
    response = client.get(reverse("privacy:portability"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    response = client.post(reverse("privacy:portability"))
    export = PersonalDataExport.objects.get(user=world["alpha"].user)
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:export_status", kwargs={"reference": export.reference})
    page = client.get(response["Location"]).content.decode()
    assert '<meta http-equiv="refresh"' in page  # inside <noscript>, while pending
    assert "export-progress.js" in page
    status = client.get(reverse("privacy:export_status_json", kwargs={"reference": export.reference})).json()
    assert status == {"status": "pending", "label": "En attente", "in_progress": True, "downloadable": False}


def _download_url(export):
    return reverse("privacy:export_download", kwargs={"reference": export.reference})


def test_only_the_owner_downloads(built, world, client):
    url = _download_url(built)
    matrix = {}
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert reverse("account_login") in client.get(url)["Location"]
    for name, user in (
        ("owner", world["alpha"].user),
        ("other", world["beta"].user),
        ("staff", StaffUserFactory()),
        ("superuser", UserFactory(is_staff=True, is_superuser=True)),
    ):
        client.force_login(user)
        matrix[name] = client.get(url).status_code
        for view in ("privacy:export_status", "privacy:export_status_json"):
            status = client.get(reverse(view, kwargs={"reference": built.reference})).status_code
            assert status == (200 if name == "owner" else 404), (name, view)
    assert matrix == {"owner": 200, "other": 404, "staff": 404, "superuser": 404}


def test_the_download_is_the_decrypted_zip_as_an_attachment(built, world, client):
    client.force_login(world["alpha"].user)
    response = client.get(_download_url(built))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert "private" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert json.loads(archive.read("data.json"))["subject"] == {"id": world["alpha"].user.pk}


def test_after_seven_days_the_archive_is_gone(built, world, client):
    name = built.file_name
    client.force_login(world["alpha"].user)
    with time_machine.travel(built.expires_at - timedelta(minutes=1)):
        assert portability.purge_expired_exports() == 0
        assert client.get(_download_url(built)).status_code == 200
    with time_machine.travel(built.expires_at + timedelta(minutes=1)):
        # Past the expiry, even before the purge ran: no download.
        assert client.get(_download_url(built)).status_code == 302
        call_command("purge_expired_exports", stdout=io.StringIO())
    built.refresh_from_db()
    assert built.status == PersonalDataExport.Status.EXPIRED
    assert built.file_name == ""
    assert not private_storage().exists(name)
    page = client.get(reverse("privacy:export_status", kwargs={"reference": built.reference}))
    assert "a expiré" in page.content.decode()


def test_erasure_deletes_the_exports_and_their_files(built, world, django_capture_on_commit_callbacks):
    from privacy.erasure import erase_person

    name = built.file_name
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(world["alpha"].user)
    assert not PersonalDataExport.objects.filter(pk=built.pk).exists()
    assert not private_storage().exists(name)


def test_a_failed_build_says_so(world, monkeypatch):
    export = PersonalDataExport.objects.create(user=world["alpha"].user)
    monkeypatch.setattr(portability, "build_archive", lambda user: 1 / 0)
    assert portability.build(export.pk).status == PersonalDataExport.Status.FAILED
    assert portability.build(export.pk).error == "ZeroDivisionError"  # claimed once: not rebuilt


def test_the_purge_expires_only_what_is_due(db):
    user = UserFactory()
    now = timezone.now()
    due = PersonalDataExport.objects.create(user=user, status="ready", expires_at=now, file_name="x")
    later = PersonalDataExport.objects.create(
        user=user, status="ready", expires_at=now + timedelta(days=1), file_name="y"
    )
    assert portability.purge_expired_exports(now=now) == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == ("expired", "ready")
