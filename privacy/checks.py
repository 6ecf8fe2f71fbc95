"""System checks: usable encryption keys, and no encrypted column where rotation cannot write."""

from django.core import checks

from . import crypto


@checks.register(checks.Tags.security)
def check_field_encryption_keys(app_configs=None, **kwargs):
    keys = crypto.keys()
    if not keys:
        return [
            checks.Error(
                "FIELD_ENCRYPTION_KEYS is empty: encrypted fields cannot be read or written.",
                hint="Set the FIELD_ENCRYPTION_KEYS environment variable (Fernet keys, newest first, "
                f"comma-separated); generate one with `{crypto.GENERATE_KEY_COMMAND}`.",
                id="privacy.E001",
            )
        ]
    errors = []
    for position, key in enumerate(keys, start=1):
        problem = crypto.check_key(key)
        if problem:
            # The key itself is never printed: only its position in the list.
            errors.append(
                checks.Error(
                    f"FIELD_ENCRYPTION_KEYS: key number {position} is {problem}.",
                    id="privacy.E002",
                )
            )
    if len(set(keys)) != len(keys):
        errors.append(checks.Warning("FIELD_ENCRYPTION_KEYS lists the same key twice.", id="privacy.W003"))
    return errors


@checks.register(checks.Tags.models)
def check_no_encrypted_field_on_append_only_models(app_configs=None, **kwargs):
    from integrity.registry import append_only_models

    from .fields import EncryptedTextField

    errors = []
    for model in append_only_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                errors.append(
                    checks.Error(
                        f"{model._meta.label}.{field.name} is encrypted on an append-only model: "
                        "`rotate_field_keys` could not re-encrypt it (UPDATE is refused) and the "
                        "hash chain would not survive it.",
                        hint="Keep the sensitive text in an ordinary table the append-only row points to.",
                        obj=model,
                        id="privacy.E004",
                    )
                )
    return errors
