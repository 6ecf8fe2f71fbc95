"""System checks: every registered append-only model is protected the way the registry promises."""

from django.core import checks

from . import registry
from .models import HashChained


def _protects_update_and_delete(model) -> bool:
    import pgtrigger

    for trigger in getattr(model._meta, "triggers", []):
        if isinstance(trigger, pgtrigger.Protect):
            operations = str(trigger.operation)
            if "UPDATE" in operations and "DELETE" in operations and trigger.condition is None:
                return True
    return False


@checks.register(checks.Tags.models)
def check_append_only_models(app_configs=None, **kwargs):
    errors = []
    for model in registry.append_only_models():
        label = model._meta.label
        if not _protects_update_and_delete(model):
            errors.append(
                checks.Error(
                    f"{label} is registered append-only but has no unconditional pgtrigger.Protect "
                    "trigger on UPDATE and DELETE.",
                    hint="Add pgtrigger.Protect(name=..., operation=pgtrigger.Update | pgtrigger.Delete) "
                    "to its Meta.triggers.",
                    obj=model,
                    id="integrity.E001",
                )
            )
        if not issubclass(model, HashChained):
            continue
        for field in model._meta.concrete_fields:
            # The value hashed before the insert must be the value stored: no save-time rewrite.
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                errors.append(
                    checks.Error(
                        f"{label}.{field.name} uses auto_now/auto_now_add: the hash chain needs the "
                        "value to be set before the row is hashed.",
                        hint="Use default=django.utils.timezone.now instead.",
                        obj=model,
                        id="integrity.E002",
                    )
                )
        if not hasattr(model, model.chain_timestamp_field):
            errors.append(
                checks.Error(
                    f"{label}.chain_timestamp_field names no field ({model.chain_timestamp_field!r}).",
                    obj=model,
                    id="integrity.E003",
                )
            )
    return errors
