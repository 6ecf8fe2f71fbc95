"""`export_personal_data` and `erase_personal_data`: the same export and erasure from the shell."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.factories import UserFactory
from booking.demo import DEMO_USER_EMAIL
from tests.privacy.scan import where_found


@pytest.fixture
def camille(db):
    return UserFactory(email="camille.commande@example.fr", first_name="Camille", last_name="Commande")


def test_export_writes_the_json(camille, tmp_path):
    output = tmp_path / "data.json"
    call_command(
        "export_personal_data", email="Camille.Commande@example.fr", output=str(output), stdout=io.StringIO()
    )
    data = json.loads(output.read_text())
    assert data["sections"]["account"]["data"]["last_name"] == "Commande"


def test_export_archive_is_a_zip_with_the_json(camille, tmp_path):
    output = tmp_path / "data.zip"
    call_command(
        "export_personal_data", email=camille.email, output=str(output), archive=True, stdout=io.StringIO()
    )
    with zipfile.ZipFile(output) as archive:
        assert json.loads(archive.read("data.json"))["subject"] == {"id": camille.pk}


def test_an_unknown_address_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("export_personal_data", email="personne@example.fr", output=str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("erase_personal_data", email="personne@example.fr", yes=True)


def test_a_missing_folder_is_a_clear_error(camille, tmp_path):
    with pytest.raises(CommandError, match="n’existe pas"):
        call_command("export_personal_data", email=camille.email, output=str(tmp_path / "nope" / "x.json"))


def test_erase_without_yes_prints_the_plan_and_refuses(camille):
    out = io.StringIO()
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase_personal_data", email=camille.email, stdout=out)
    assert "Votre compte" in out.getvalue()
    camille.refresh_from_db()
    assert camille.erased_at is None
    assert camille.last_name == "Commande"


def test_erase_with_yes_anonymises_the_account(camille):
    out = io.StringIO()
    call_command("erase_personal_data", email=camille.email, yes=True, stdout=out)
    camille.refresh_from_db()
    assert camille.erased_at is not None
    assert camille.last_name == ""
    assert "effacé" in out.getvalue()
    with pytest.raises(CommandError, match="Aucun compte"):
        call_command("erase_personal_data", email="camille.commande@example.fr", yes=True)


def test_the_demo_user_export_has_appointments_payments_and_acceptances(demo_content, tmp_path):
    output = tmp_path / "demo.json"
    call_command("export_personal_data", email=DEMO_USER_EMAIL, output=str(output), stdout=io.StringIO())
    sections = json.loads(output.read_text())["sections"]
    assert sections["appointments"]["data"]
    assert sections["payments"]["data"]
    assert sections["acceptances"]["data"]
    assert all(row["reason"] is not None for row in sections["appointments"]["data"])


def test_erasing_the_demo_user_leaves_neither_their_address_nor_their_name(
    demo_content, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.get(email=DEMO_USER_EMAIL)
    identifiers = [DEMO_USER_EMAIL, user.last_name]
    assert where_found(identifiers)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_personal_data", email=DEMO_USER_EMAIL, yes=True, stdout=io.StringIO())
    assert where_found(identifiers) == []
    call_command("verify_ledger", stdout=io.StringIO())
