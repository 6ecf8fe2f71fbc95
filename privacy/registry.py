"""What each app holds about a person, and how to hand it over or erase it.

The privacy centre never imports every app: each app that holds personal data registers one or
more `Handler`s in its own `<app>/privacy.py` (found at start-up by `autodiscover`), as each app
already contributes its own `demo.load()`. Export, erasure and the access page all read this one
registry, so a new app is covered by writing its handler, and the tests check that every model with
a link to the user is claimed by some handler.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Kept:
    """Something erasure must keep, and why: shown before the person confirms, and in the report."""

    label: str  # what: "Vos paiements (montants, dates)"
    basis: str  # why: "Obligation comptable (article L123-22 du Code de commerce)"
    until: str  # until when, said plainly: "10 ans après le paiement"


@dataclass
class ErasureContext:
    """Handed to every handler's `erase`: what was done is written here for the report."""

    user: object
    requested_by: object = None
    erased: list[str] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)


@dataclass(frozen=True)
class Handler:
    # Stable key of the section in the JSON export (documented in the README; never renamed).
    key: str
    # The purpose the data serves, as the person reads it: "Vos rendez-vous".
    label: str
    # JSON-able data of `user` for this section (lists of dicts with stable keys).
    export: Callable[[object], object]
    # The person's files: (name in the archive, bytes).
    files: Callable[[object], Iterable[tuple[str, bytes]]] = lambda user: ()
    # Deletes or overwrites what identifies the person; writes what it did in the context.
    erase: Callable[[object, ErasureContext], None] | None = None
    # What erasure keeps for this section (and why), for the plan shown before confirming.
    kept: Callable[[object], list[Kept]] = lambda user: []
    # Models whose rows this handler answers for (the completeness test checks every model that
    # points to the user is claimed by one handler).
    models: tuple[str, ...] = ()
    # Erasure runs handlers in this order: the account itself (the tombstone) comes last.
    order: int = 100


_handlers: dict[str, Handler] = {}


def register(handler: Handler) -> Handler:
    if handler.key in _handlers and _handlers[handler.key] is not handler:
        raise ValueError(f"Two privacy handlers use the key {handler.key!r}.")
    _handlers[handler.key] = handler
    return handler


def handlers() -> list[Handler]:
    return sorted(_handlers.values(), key=lambda handler: (handler.order, handler.key))


def autodiscover() -> None:
    autodiscover_modules("privacy")
