"""Erasure: every handler deletes or overwrites what identifies the person, in one transaction;
what must be kept is kept, and said (the plan before, the report after)."""

from django.db import transaction

from . import registry
from .registry import ErasureContext, Kept


def erasure_plan(user) -> tuple[list[str], list[Kept]]:
    """What erasure removes (section labels) and what it keeps (with the legal basis)."""
    # Only what the person has: a list of every section would promise erasures that are not theirs.
    erased = [
        str(handler.label)
        for handler in registry.handlers()
        if handler.erase is not None and handler.export(user)
    ]
    kept = [item for handler in registry.handlers() for item in handler.kept(user)]
    return erased, kept


def erase_person(user, *, requested_by=None) -> ErasureContext:
    """Anonymise `user` irreversibly (the account row stays as a tombstone for the ledger's proof)."""
    context = ErasureContext(user=user, requested_by=requested_by)
    with transaction.atomic():
        for handler in registry.handlers():
            # What is kept is read before the handler erases: the report says what the plan said.
            context.kept.extend(handler.kept(user))
            if handler.erase is not None:
                handler.erase(user, context)
    return context
