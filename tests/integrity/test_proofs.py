"""Proof bundles (integrity.proofs with legal's and consent's adapters): what a bundle holds for a
ledger row and a cookie receipt, and `manage.py verify_proof` on real and tampered bundles."""

import copy
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from consent import proofs as consent_proofs
from consent.models import ConsentReceipt
from integrity import chain, proofs
from legal import proofs as legal_proofs
from legal import services
from legal.models import Acceptance
from legal.rendering import render_version
from tests.consent.helpers import choose
from tests.integrity.conftest import tamper


@pytest.fixture
def acceptances(privacy_v1, terms_v1, user):
    first, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    second, _ = services.record_acceptance(version=terms_v1, context="signup", user=user)
    return first, second


@pytest.fixture
def receipt(client, site_ready, user):
    client.force_login(user)
    choose(client, "refuse_all")
    return ConsentReceipt.objects.get()


def _flip(value: str, index: int = 0) -> str:
    """One character changed (hex digits stay hex)."""
    char = value[index]
    replacement = {"0": "1"}.get(char, "0") if char in "0123456789abcdef" else ("x" if char != "x" else "y")
    return value[:index] + replacement + value[index + 1 :]


def _verify(tmp_path, data, *args) -> str:
    path = tmp_path / "preuve.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    out = io.StringIO()
    call_command("verify_proof", str(path), *args, stdout=out)
    return out.getvalue()


def _refused(tmp_path, data, *args) -> str:
    with pytest.raises(CommandError) as caught:
        _verify(tmp_path, data, *args)
    assert caught.value.returncode == 1
    return str(caught.value)


# --- Content ----------------------------------------------------------------------------------


def test_an_acceptance_bundle_holds_the_row_as_hashed_the_text_and_its_place_in_the_chain(acceptances):
    first, second = acceptances
    data = legal_proofs.acceptance_bundle(first)

    assert (data["format"], data["format_version"], data["kind"]) == (
        "psyconsult-proof",
        1,
        "legal_acceptance",
    )
    (entry,) = data["records"]
    assert (entry["role"], entry["table"], entry["id"]) == ("proof", "legal_acceptance", first.pk)
    assert entry["content"] == chain.canonical_content(Acceptance.objects.get(pk=first.pk))
    assert entry["canonical"].encode("ascii") == chain.canonical_bytes(Acceptance.objects.get(pk=first.pk))
    assert hashlib.sha256(entry["canonical"].encode("ascii")).hexdigest() == entry["hash"] == first.chain_hash
    assert entry["content"]["columns"]["accepted_at"].endswith("Z")

    text = data["text"]
    assert text["text"] == render_version(first.version).text
    assert text["text"].startswith(first.version.title)
    assert text["sha256"] == first.text_sha256 == hashlib.sha256(text["text"].encode()).hexdigest()
    assert text["hashed_in"] == {"table": "legal_acceptance", "id": first.pk, "column": "text_sha256"}
    assert text["about"]["version_number"] == 1
    assert text["about"]["document"] == "privacy_policy"

    segment = entry["chain"]
    assert segment["position"] == Acceptance.objects.filter(pk__lte=first.pk).count()
    assert segment["previous"] == first.chain_previous
    assert segment["following"] == [
        {"id": second.pk, "previous": first.chain_hash, "hash": second.chain_hash}
    ]
    assert segment["head"]["id"] == second.pk
    assert segment["head"]["hash"] == second.chain_hash


def test_the_newest_row_is_its_own_head(acceptances):
    _first, second = acceptances
    segment = legal_proofs.acceptance_bundle(second)["records"][0]["chain"]
    assert segment["following"] == []
    assert (segment["head"]["id"], segment["head"]["hash"]) == (second.pk, second.chain_hash)


def test_a_receipt_bundle_holds_the_receipt_the_cookie_policy_acceptance_and_its_text(receipt, cookie_policy):
    data = consent_proofs.receipt_bundle(receipt)
    assert data["kind"] == "consent_receipt"
    main, linked = data["records"]
    assert (main["table"], main["id"], main["hash"]) == (
        "consent_consentreceipt",
        receipt.pk,
        receipt.chain_hash,
    )
    assert main["content"]["columns"]["choices"] == receipt.choices
    assert main["content"]["columns"]["consent_id"] == receipt.consent_id
    acceptance = receipt.policy_acceptance
    assert (linked["role"], linked["table"], linked["id"]) == (
        "cookie_policy_acceptance",
        "legal_acceptance",
        acceptance.pk,
    )
    assert linked["referenced_by"] == {
        "table": "consent_consentreceipt",
        "id": receipt.pk,
        "column": "policy_acceptance_id",
    }
    assert data["text"]["text"] == render_version(cookie_policy).text
    assert data["text"]["sha256"] == acceptance.text_sha256
    assert data["text"]["hashed_in"]["id"] == acceptance.pk


# --- verify_proof -----------------------------------------------------------------------------


def test_a_real_bundle_verifies_offline_and_against_the_database(tmp_path, acceptances, receipt):
    for data in (legal_proofs.acceptance_bundle(acceptances[0]), consent_proofs.receipt_bundle(receipt)):
        out = _verify(tmp_path, proofs.to_json(data))
        assert "Preuve valide" in out
        assert "Texte : SHA-256" in out
        assert "reliée à la tête" in out
        out = _verify(tmp_path, proofs.to_json(data), "--against-database")
        assert "chaîne en base intacte" in out


def test_one_character_of_the_text_changed_fails(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    data["text"]["text"] = _flip(data["text"]["text"], 3)
    message = _refused(tmp_path, data)
    assert "Texte altéré : son SHA-256 recalculé" in message


def test_one_character_of_the_text_hash_changed_fails(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    data["text"]["sha256"] = _flip(data["text"]["sha256"])
    assert "Texte altéré : son SHA-256 recalculé" in _refused(tmp_path, data)


@pytest.mark.parametrize("column", ["language", "text_sha256", "accepted_at", "context"])
def test_one_character_of_a_field_changed_fails(tmp_path, acceptances, column):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    columns = data["records"][0]["content"]["columns"]
    columns[column] = _flip(columns[column], len(columns[column]) - 2)
    message = _refused(tmp_path, data)
    assert f"legal_acceptance id={acceptances[0].pk} : ligne altérée" in message
    assert "la sérialisation fournie diffère" in message


def test_a_field_and_its_serialization_changed_together_still_fail(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    columns = data["records"][0]["content"]["columns"]
    columns["ip_network"] = "10.0.0.0/24"
    data["records"][0]["canonical"] = chain.serialize(data["records"][0]["content"]).decode()
    message = _refused(tmp_path, data)
    assert "ligne altérée : l’empreinte recalculée" in message
    assert "sérialisation" not in message


def test_one_character_of_the_row_hash_changed_fails(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    data["records"][0]["hash"] = _flip(data["records"][0]["hash"], 10)
    message = _refused(tmp_path, data)
    assert "ligne altérée" in message
    assert "lien rompu" in message  # the next row no longer points at it


def test_a_broken_link_to_the_head_fails(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    link = data["records"][0]["chain"]["following"][0]
    link["previous"] = _flip(link["previous"], 5)
    message = _refused(tmp_path, data)
    assert f"lien rompu : la ligne id={acceptances[1].pk} ne désigne pas l’empreinte" in message
    assert "ligne altérée" not in message


def test_a_head_changed_fails(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    head = data["records"][0]["chain"]["head"]
    head["hash"] = _flip(head["hash"])
    assert "la chaîne n’aboutit pas à la tête indiquée" in _refused(tmp_path, data)


def test_the_receipts_link_to_its_acceptance_is_checked(tmp_path, receipt):
    data = consent_proofs.receipt_bundle(receipt)
    swapped = copy.deepcopy(data)
    swapped["records"][1]["referenced_by"]["id"] = receipt.pk + 1000
    assert "ne contient pas cet id" in _refused(tmp_path, swapped)
    other_text = copy.deepcopy(data)
    other_text["text"]["text"] += "\nUne phrase ajoutée."
    other_text["text"]["sha256"] = hashlib.sha256(other_text["text"]["text"].encode()).hexdigest()
    assert "Texte altéré ou autre texte" in _refused(tmp_path, other_text)


def test_the_live_chain_is_compared_with_against_database(tmp_path, acceptances):
    data = legal_proofs.acceptance_bundle(acceptances[0])
    tamper(
        "UPDATE legal_acceptance SET user_agent = 'réécrit' WHERE id = %s",
        [acceptances[0].pk],
        table="legal_acceptance",
    )
    assert "Preuve valide" in _verify(tmp_path, data)  # offline the bundle is still consistent
    message = _refused(tmp_path, data, "--against-database")
    assert "la ligne en base diffère de celle de la preuve" in message
    assert "contenu modifié" in message


def test_a_missing_file_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("verify_proof", str(tmp_path / "absent.json"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("pas du JSON {", "n’est pas un fichier JSON valide"),
        ('{"format": "autre"}', "Fichier de preuve mal formé"),
        (
            '{"format": "psyconsult-proof", "format_version": 1, "records": [{"table": "t"}]}',
            "clé « id » absente",
        ),
        ('{"format": "psyconsult-proof", "format_version": 9, "records": []}', "non prise en charge"),
    ],
)
def test_bad_files_fail_cleanly(tmp_path, db, content, expected):
    path = tmp_path / "preuve.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        call_command("verify_proof", str(path))


def test_a_binary_file_fails_cleanly(tmp_path, db):
    path = tmp_path / "preuve.json"
    path.write_bytes(b"\xff\xfe\x00binaire")
    with pytest.raises(CommandError, match="n’est pas un fichier JSON valide"):
        call_command("verify_proof", str(path))


# --- The README's standard-library check ------------------------------------------------------


def _readme_snippet() -> str:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Proof of consent", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_snippet_verifies_a_real_bundle_and_refuses_a_tampered_one(tmp_path, acceptances, receipt):
    script = tmp_path / "check.py"
    script.write_text(_readme_snippet(), encoding="utf-8")
    for data in (legal_proofs.acceptance_bundle(acceptances[0]), consent_proofs.receipt_bundle(receipt)):
        path = tmp_path / "preuve.json"
        path.write_text(proofs.to_json(data), encoding="utf-8")
        run = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
        assert (run.returncode, run.stdout) == (0, "valid\n")
        data["text"]["text"] = _flip(data["text"]["text"], 3)
        path.write_text(proofs.to_json(data), encoding="utf-8")
        run = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True)
        assert run.returncode == 1
        assert "text altered" in run.stdout
