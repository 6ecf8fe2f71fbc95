"""The abstract base of hash-chained append-only models (no table of its own)."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

HASH_LENGTH = 64  # SHA-256, lowercase hex


class HashChained(models.Model):
    """A row that carries the SHA-256 of its canonical content and the previous row's hash.

    Subclasses name the column that dates a row in `chain_timestamp_field` (shown with the head
    hash in the admin) and write only through `integrity.chain.append`; `chain_constraints()`
    in their Meta makes the database refuse a row that did not go through it.
    """

    chain_timestamp_field = "created_at"

    chain_previous = models.CharField(
        _("empreinte de la ligne précédente"), max_length=HASH_LENGTH, editable=False
    )
    chain_hash = models.CharField(_("empreinte de la ligne"), max_length=HASH_LENGTH, editable=False)

    class Meta:
        abstract = True


def chain_constraints() -> list[models.BaseConstraint]:
    """A row without both hashes is refused: every insert must go through `chain.append`."""
    return [
        models.CheckConstraint(
            condition=Exact(Length("chain_hash"), HASH_LENGTH),
            name="%(app_label)s_%(class)s_chain_hash_is_sha256",
        ),
        models.CheckConstraint(
            condition=Exact(Length("chain_previous"), HASH_LENGTH),
            name="%(app_label)s_%(class)s_chain_previous_is_sha256",
        ),
    ]
