"""EncryptedTextField: plain text in Python, a Fernet token in the column, blanks left blank."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.db import connection
from django.test import override_settings

from privacy import crypto
from privacy.fields import DecryptionError, EncryptedTextField
from tests.privacy.conftest import KEY_A, KEY_B, raw_column
from tests.privacy.probe.models import Secret

pytestmark = pytest.mark.django_db

REASON = "Anxiété depuis le décès de ma mère — troubles du sommeil"


def test_the_column_holds_a_fernet_token_that_the_key_decrypts():
    secret = Secret.objects.create(text=REASON)

    stored = raw_column(Secret, secret.pk, "text")
    assert stored != REASON
    assert "Anxiété" not in stored
    assert "sommeil" not in stored
    (key,) = crypto.keys()
    assert Fernet(key).decrypt(stored.encode()).decode() == REASON
    assert Secret.objects.get(pk=secret.pk).text == REASON


def test_the_column_is_text():
    columns = {
        c.name: c
        for c in connection.introspection.get_table_description(connection.cursor(), "privacy_probe_secret")
    }
    assert connection.introspection.get_field_type(columns["text"].type_code, columns["text"]) == "TextField"


def test_two_saves_of_the_same_text_store_different_tokens():
    first, second = Secret.objects.create(text=REASON), Secret.objects.create(text=REASON)
    assert raw_column(Secret, first.pk, "text") != raw_column(Secret, second.pk, "text")


def test_empty_and_null_are_stored_as_they_are():
    secret = Secret.objects.create(text="", note=None)
    assert raw_column(Secret, secret.pk, "text") == ""
    assert raw_column(Secret, secret.pk, "note") is None
    secret.refresh_from_db()
    assert (secret.text, secret.note) == ("", None)


def test_blank_rows_can_be_found_but_the_text_cannot_be_searched():
    Secret.objects.create(text=REASON)
    blank = Secret.objects.create(text="")
    assert list(Secret.objects.filter(text="")) == [blank]
    assert Secret.objects.exclude(text="").count() == 1
    assert Secret.objects.filter(note__isnull=True).count() == 2
    with pytest.raises(FieldError):
        Secret.objects.filter(text=REASON).count()
    with pytest.raises(FieldError):
        Secret.objects.filter(text__icontains="Anxiété").count()


def test_updates_and_bulk_writes_are_encrypted_too():
    secret = Secret.objects.create(text="avant")
    Secret.objects.filter(pk=secret.pk).update(text="après")
    Secret.objects.bulk_create([Secret(label="bulk", text="en masse")])
    bulk = Secret.objects.get(label="bulk")
    bulk.text = "modifié en masse"
    Secret.objects.bulk_update([bulk], ["text"])

    assert {s.text for s in Secret.objects.all()} == {"après", "modifié en masse"}
    for row in Secret.objects.all():
        assert raw_column(Secret, row.pk, "text").startswith("gAAAAA")  # Fernet version byte


def test_values_and_values_list_are_decrypted():
    Secret.objects.create(text=REASON)
    assert list(Secret.objects.values_list("text", flat=True)) == [REASON]
    assert Secret.objects.values("text").get()["text"] == REASON


def test_a_value_no_key_decrypts_raises_a_clear_error():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        secret = Secret.objects.create(text=REASON)
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]),
        pytest.raises(DecryptionError, match="rotate_field_keys"),
    ):
        Secret.objects.get(pk=secret.pk)


def test_the_field_deconstructs_for_migrations():
    field = EncryptedTextField("motif", blank=True, help_text="aide")
    _name, path, args, kwargs = field.deconstruct()
    assert path == "privacy.fields.EncryptedTextField"
    assert kwargs == {"verbose_name": "motif", "blank": True, "help_text": "aide"}
    rebuilt = EncryptedTextField(*args, **kwargs)
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)


def test_unique_or_indexed_encrypted_fields_are_refused_by_the_check():
    from django.db import models
    from django.test.utils import isolate_apps

    with isolate_apps("tests.privacy.probe"):

        class Careless(models.Model):  # noqa: DJ008
            text = EncryptedTextField(unique=True)
            other = EncryptedTextField(db_index=True)

            class Meta:
                app_label = "privacy_probe"

        ids = [error.id for error in Careless.check()]
    assert ids.count("privacy.E010") == 2
