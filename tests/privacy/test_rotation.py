"""rotate_field_keys: every encrypted value re-encrypted with the newest key, batch by batch,
resumable, harmless twice; then the old key can go."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from privacy import rotation
from tests.privacy.conftest import KEY_A, KEY_B, raw_column
from tests.privacy.probe.models import Secret

pytestmark = pytest.mark.django_db

TEXTS = [f"motif confidentiel n°{n}" for n in range(7)]


def _rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def secrets_under_key_a():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        rows = [
            Secret.objects.create(label=str(n), text=text, note=f"note {n}") for n, text in enumerate(TEXTS)
        ]
        rows.append(Secret.objects.create(label="vide", text="", note=None))
    return rows


def _tokens():
    pks = Secret.objects.order_by("pk").values_list("pk", flat=True)  # no decryption here
    return [(raw_column(Secret, pk, "text"), raw_column(Secret, pk, "note")) for pk in pks]


def _under(key, token):
    """Whether `key` decrypts `token` (None for a blank value)."""
    if not token:
        return None
    try:
        Fernet(key).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def test_every_encrypted_field_of_the_installed_apps_is_found():
    found = rotation.encrypted_fields()
    assert [f.name for f in found[Secret]] == ["text", "note"]


def test_after_rotation_the_old_key_can_be_removed(secrets_under_key_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        output = _rotate("--batch-size", "3")
    assert "14 rechiffrées" in output  # 7 texts and 7 notes; the blank row has nothing to rotate
    assert "8/8 lignes (100 %)" in output

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert [s.text for s in Secret.objects.all()] == [*TEXTS, ""]
        assert [s.note for s in Secret.objects.all()] == [f"note {n}" for n in range(7)] + [None]
    assert [(_under(KEY_B, text), _under(KEY_B, note)) for text, note in _tokens()] == [(True, True)] * 7 + [
        (None, None)
    ]


def test_a_second_run_rewrites_nothing(secrets_under_key_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        _rotate()
        before = _tokens()
        output = _rotate()
    assert "0 rechiffrées" in output
    assert _tokens() == before


def test_an_interrupted_run_is_finished_by_the_next_one(secrets_under_key_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        # The probe's columns (other apps, e.g. booking, have encrypted columns too).
        fields = rotation.encrypted_fields()[Secret]
        batches = rotation.rotate_model(Secret, fields, batch_size=3)
        next(batches)  # one batch committed, then the process dies
        batches.close()
        half_done = _tokens()
        assert [_under(KEY_B, text) for text, _note in half_done] == [True] * 3 + [False] * 4 + [None]

        output = _rotate()
    assert "8 rechiffrées" in output  # rows 4 to 7: text and note
    assert _tokens()[:3] == half_done[:3]  # the committed batch is not rewritten
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert [s.text for s in Secret.objects.all()] == [*TEXTS, ""]


def test_rotation_keeps_each_token_s_timestamp(secrets_under_key_a):
    before = [Fernet(KEY_A).extract_timestamp(t.encode()) for t, _n in _tokens()[:-1]]
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        _rotate()
    assert [Fernet(KEY_B).extract_timestamp(t.encode()) for t, _n in _tokens()[:-1]] == before


def test_a_dry_run_counts_and_writes_nothing(secrets_under_key_a):
    before = _tokens()
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        output = _rotate("--dry-run")
    assert "14 à rechiffrer" in output
    assert "rien n’a été écrit" in output
    assert _tokens() == before


def test_a_value_no_key_decrypts_is_reported_and_the_rest_rotated(secrets_under_key_a):
    lost = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[lost]):
        orphan = Secret.objects.create(label="orpheline", text="clé perdue")
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]), pytest.raises(CommandError) as raised:
        _rotate()
    assert raised.value.returncode == 1
    assert f"pk={orphan.pk}" in str(raised.value)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        assert Secret.objects.exclude(pk=orphan.pk).exclude(text="").count() == 7
        assert [s.text for s in Secret.objects.exclude(pk=orphan.pk)] == [*TEXTS, ""]
