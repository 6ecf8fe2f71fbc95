"""Who can be booked: a schedule is not enough when other apps add conditions.

Payments registers "charges enabled on the practitioner's Stripe account"; booking itself only
needs an account and a published profile. Each predicate takes many practitioners at once so the
directory stays free of N+1 queries.

The person booking can be refused too: `register_person_check(check)`, where `check(person)`
returns the message to show, or None (privacy_rights refuses an account whose processing is
restricted). Booking knows none of the apps that register.
"""

from collections.abc import Callable, Iterable

_predicates: list[Callable[[list], set[int]]] = []


def register(predicate: Callable[[list], set[int]]) -> Callable:
    """`predicate(practitioners) -> ids of the bookable ones`. Idempotent."""
    if predicate not in _predicates:
        _predicates.append(predicate)
    return predicate


def bookable_ids(practitioners: Iterable) -> set[int]:
    practitioners = list(practitioners)
    ids = {p.pk for p in practitioners}
    for predicate in _predicates:
        ids &= predicate(practitioners)
    return ids


def is_bookable(practitioner) -> bool:
    return practitioner.pk in bookable_ids([practitioner])


_person_checks: list[Callable[[object], object]] = []


def register_person_check(check: Callable[[object], object]) -> Callable:
    """`check(person) -> message (refused) or None (allowed)`. Idempotent."""
    if check not in _person_checks:
        _person_checks.append(check)
    return check


def person_refusal(person):
    """The first refusal's message for `person`, or None when they may book."""
    for check in _person_checks:
        message = check(person)
        if message:
            return message
    return None
