"""Re-encrypt every encrypted column with the newest key (`manage.py rotate_field_keys`).

One model at a time, rows in primary-key order, one transaction per batch: an interrupted run
keeps the batches it committed, and running again reads every row once more and rewrites only
those the newest key cannot decrypt yet (rotating twice is harmless, and costs nothing the
second time). The rows of a batch are locked (SELECT ... FOR UPDATE) while they are rewritten,
so a value saved by the application meanwhile is not overwritten with an older one.

Values are read and written as stored tokens (a cast to plain text), never as plain text: the
token keeps the timestamp it was first made with (`MultiFernet.rotate`).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, router, transaction
from django.db.models.functions import Cast

from . import crypto
from .fields import EncryptedTextField

DEFAULT_BATCH_SIZE = 500


def encrypted_fields() -> dict[type[models.Model], list[EncryptedTextField]]:
    """{concrete model: [its EncryptedTextFields]} across the installed apps, in app order."""
    found = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        # `field.model is model`: a multi-table child also lists its parent's fields.
        fields = [f for f in meta.concrete_fields if isinstance(f, EncryptedTextField) and f.model is model]
        if fields:
            found[model] = fields
    return found


@dataclass
class Progress:
    model: type[models.Model]
    fields: list[EncryptedTextField]
    total: int  # rows of the table when the run began
    read: int = 0
    rotated: int = 0  # values rewritten (or, in a dry run, to rewrite)
    unreadable: list = field(default_factory=list)  # pks with a value no configured key decrypts

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}({', '.join(f.name for f in self.fields)})"


def _raw(field) -> str:
    return f"_token_{field.attname}"


def rotate_model(
    model, fields, *, batch_size: int = DEFAULT_BATCH_SIZE, dry_run: bool = False, using=None
) -> Iterator[Progress]:
    """Rotate `fields` of `model`; yields the progress after every batch."""
    db = using or router.db_for_write(model)
    manager = model._base_manager.using(db)
    # Cast to a plain TextField: the tokens themselves, not decrypted by the field.
    tokens = {_raw(f): Cast(f.attname, output_field=models.TextField()) for f in fields}
    progress = Progress(model, fields, total=manager.count())
    last_pk = None
    while True:
        with transaction.atomic(using=db):
            batch = manager.order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            if not dry_run:
                batch = batch.select_for_update()
            rows = list(batch.annotate(**tokens).values_list("pk", *tokens)[:batch_size])
            if not rows:
                return
            for pk, *values in rows:
                changes = {}
                for model_field, token in zip(fields, values, strict=True):
                    if not token or crypto.is_current(token):
                        continue
                    try:
                        changes[model_field.attname] = models.Value(
                            crypto.rotate(token), output_field=models.TextField()
                        )
                    except crypto.InvalidToken:
                        progress.unreadable.append(pk)
                progress.rotated += len(changes)
                if changes and not dry_run:
                    manager.filter(pk=pk).update(**changes)
            progress.read += len(rows)
            last_pk = rows[-1][0]
        yield progress
