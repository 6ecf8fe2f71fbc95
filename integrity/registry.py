"""The one list of append-only models, filled by the apps that own them.

    from integrity.registry import register_append_only

    @register_append_only
    class AccessLogEntry(HashChained):
        ...

A registered model must also carry a pgtrigger Protect trigger on UPDATE and DELETE (a system
check says so): the trigger stops the owner role by mistake, the missing privileges stop the
application role for good (`manage.py setup_db_roles` grants it only SELECT and INSERT on
these tables), and the hash chain makes a superuser's edit visible (`manage.py verify_ledger`).
"""

from django.db import models

_models: dict[str, type[models.Model]] = {}


def register_append_only(model: type[models.Model]) -> type[models.Model]:
    """Declare `model` append-only (usable as a class decorator). Idempotent."""
    if model._meta.abstract:
        raise TypeError(f"{model.__name__} is abstract: register the concrete model.")
    _models.setdefault(model._meta.label, model)
    return model


def append_only_models() -> list[type[models.Model]]:
    """In registration order (the order of INSTALLED_APPS, then of each models module)."""
    return list(_models.values())


def chained_models() -> list[type[models.Model]]:
    from .models import HashChained

    return [model for model in _models.values() if issubclass(model, HashChained)]


def append_only_tables() -> list[str]:
    return [model._meta.db_table for model in _models.values()]
