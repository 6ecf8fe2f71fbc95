"""System checks: usable Fernet keys, no encrypted column on an append-only table."""

import pgtrigger
import pytest
from cryptography.fernet import Fernet
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps

from integrity import registry
from integrity.models import HashChained
from privacy import checks
from privacy.fields import EncryptedTextField


def _ids(errors):
    return [error.id for error in errors]


def test_the_project_passes_the_privacy_checks():
    assert checks.check_field_encryption_keys() == []
    assert checks.check_no_encrypted_field_on_append_only_models() == []


@pytest.mark.parametrize("configured", [[], None, ""])
def test_no_key_is_an_error(configured):
    with override_settings(FIELD_ENCRYPTION_KEYS=configured):
        assert _ids(checks.check_field_encryption_keys()) == ["privacy.E001"]


def test_an_invalid_key_is_named_by_its_position_never_printed():
    good = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[good, "trop-court", good]):
        errors = checks.check_field_encryption_keys()
    assert _ids(errors) == ["privacy.E002", "privacy.W003"]
    assert "key number 2" in errors[0].msg
    assert "trop-court" not in errors[0].msg


def test_one_key_given_as_a_string_is_understood():
    with override_settings(FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode()):
        assert checks.check_field_encryption_keys() == []


@isolate_apps("privacy")
def test_an_encrypted_field_on_an_append_only_model_is_reported(monkeypatch):
    class SecretLedger(HashChained):
        created_at = models.DateTimeField()
        note = EncryptedTextField()

        class Meta:
            app_label = "privacy"
            triggers = [
                pgtrigger.Protect(name="secret_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
            ]

    monkeypatch.setattr(registry, "_models", {})
    registry.register_append_only(SecretLedger)
    assert _ids(checks.check_no_encrypted_field_on_append_only_models()) == ["privacy.E004"]
