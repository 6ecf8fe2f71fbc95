"""`EncryptedTextField`: text encrypted at rest with the keys of `privacy.crypto`.

    reason = EncryptedTextField(_("motif de consultation"), blank=True)

The model attribute holds the plain text; the column (type text) holds a Fernet token, made
with the newest key of `settings.FIELD_ENCRYPTION_KEYS` on every save and readable with any key
of the list. "" and NULL are stored as they are, so an optional field left blank stays blank
(and `filter(reason="")` finds the rows without one).

What the database cannot do with it, because every token is random (a new IV per save):
- filter on the text: only `isnull` and `exact` with "" are accepted, any other lookup raises
  FieldError (a silent "no match" would be worse);
- order by it, index it, make it unique (ordering sorts tokens; the system check refuses
  `unique` and `db_index`);
- search it: do not add it to a search index, which would store the plain text elsewhere.
`dumpdata` writes the plain text (it reads the attribute): treat such a dump as sensitive.
`update(reason=F("other"))` copies the other column as it is stored: do not.
Append-only tables must not hold one: key rotation rewrites the column (system check).
"""

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.utils.translation import gettext_lazy as _

from . import crypto


class DecryptionError(Exception):
    """A stored value that no configured key decrypts (a key was dropped too early, or the
    column was written around the field)."""


class EmptyOnlyExact(Exact):
    """`field=""`: the rows with no value. Any other text would never match a random token."""

    def get_prep_lookup(self):
        if self.rhs is not None and self.rhs != "":  # None becomes `isnull` just after
            raise FieldError(
                f"{self.lhs.output_field.name} is encrypted: it can only be compared with the empty "
                "string (each value is encrypted with a random IV)."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    description = _("Texte chiffré")

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        for option in ("unique", "db_index", "primary_key"):
            if getattr(self, option):
                errors.append(
                    checks.Error(
                        f"EncryptedTextField cannot have {option}=True: its values are random tokens.",
                        obj=self,
                        id="privacy.E010",
                    )
                )
        return errors

    def get_db_prep_save(self, value, connection):
        value = super().get_db_prep_save(value, connection)
        # An expression (bulk_update's CASE, F(), Value()) is compiled later, its values through
        # this method again (Value(for_save=True)).
        if value is None or value == "" or hasattr(value, "as_sql"):
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        try:
            return crypto.decrypt(value)
        except crypto.InvalidToken as exc:
            raise DecryptionError(
                f"{self.model._meta.label}.{self.name}: no key of FIELD_ENCRYPTION_KEYS decrypts a "
                "stored value (was a key removed before `manage.py rotate_field_keys` ran?)."
            ) from exc

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return EmptyOnlyExact
        return None

    def get_transform(self, lookup_name):
        return None
