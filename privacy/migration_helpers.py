"""Encrypt, in a data migration, a column that held plain text before it became an
`EncryptedTextField`.

    operations = [
        migrations.AlterField("application", "phone", EncryptedTextField(...)),  # type: text
        migrations.RunPython(*encrypt_existing("practitioners_directory", "Application", ["phone"])),
    ]

The AlterField comes first (a token is longer than a short varchar). Values are read and written
as stored (a cast to plain text, as `rotation` does), one primary-key batch at a time, rows locked
while rewritten. A value that already decrypts is left alone, so running it twice is harmless; the
reverse decrypts back to plain text (the column type is restored by reversing the AlterField).
"""

from django.db import models, transaction
from django.db.models.functions import Cast

from . import crypto

BATCH_SIZE = 500


def _rewrite(model, field_names, transform, using):
    manager = model._base_manager.using(using)
    raw = {f"_raw_{name}": Cast(name, output_field=models.TextField()) for name in field_names}
    last_pk = None
    while True:
        with transaction.atomic(using=using):
            batch = manager.order_by("pk").select_for_update()
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            rows = list(batch.annotate(**raw).values_list("pk", *raw)[:BATCH_SIZE])
            if not rows:
                return
            for pk, *values in rows:
                changes = {}
                for name, value in zip(field_names, values, strict=True):
                    if value:
                        new = transform(value)
                        if new is not None:
                            changes[name] = models.Value(new, output_field=models.TextField())
                if changes:
                    manager.filter(pk=pk).update(**changes)
            last_pk = rows[-1][0]


def _encrypted(value: str) -> str | None:
    try:
        crypto.decrypt(value)
    except crypto.InvalidToken:
        return crypto.encrypt(value)
    return None  # already a token


def _decrypted(value: str) -> str | None:
    try:
        return crypto.decrypt(value)
    except crypto.InvalidToken:
        return None  # plain already


def encrypt_existing(app_label: str, model_name: str, field_names: list[str]):
    """(forwards, backwards) for migrations.RunPython."""

    def forwards(apps, schema_editor):
        _rewrite(
            apps.get_model(app_label, model_name), field_names, _encrypted, schema_editor.connection.alias
        )

    def backwards(apps, schema_editor):
        _rewrite(
            apps.get_model(app_label, model_name), field_names, _decrypted, schema_editor.connection.alias
        )

    return forwards, backwards
