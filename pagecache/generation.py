"""The generation number: every stored page carries the one in force when it was rendered and is
served only while it is still the current one. Bumping it invalidates every stored page at once
(one rule for every change).

Scopes are narrower generations for the most frequent changes: a booking changes the free slots
of one practitioner, shown on their profile and in the directory, not the home page or the legal
pages. A profile depends on the scope `slots:<practitioner id>`, the directory on `slots`
(pagecache.dependencies); an entry carries the numbers of its scopes and is served only while they
are all current too. A booking bumps only those two scopes."""

import time

from django.core.cache import caches
from django.db import transaction

CACHE_ALIAS = "pages"
GENERATION_KEY = "pagecache:generation"


def cache():
    return caches[CACHE_ALIAS]


def new_generation() -> int:
    # Never a number an older entry could carry, even after the counter was evicted or flushed.
    return time.time_ns()


def _created(key: str) -> int:
    """A number for a missing key: a new one, unless another request just created it."""
    number = new_generation()
    if not cache().add(key, number, timeout=None):
        number = cache().get(key) or number
    return number


def _bump(key: str) -> None:
    try:
        cache().incr(key)
    except ValueError:  # missing (first change, flushed cache): a number no entry carries
        cache().set(key, new_generation(), timeout=None)


def current(value) -> int:
    """The generation read together with an entry (get_many), created if missing."""
    return value if value is not None else _created(GENERATION_KEY)


def bump() -> None:
    _bump(GENERATION_KEY)


def bump_now_and_after_commit() -> None:
    """Now, and again after commit: a request that read the new number while the transaction
    was still open rendered the old content; the second bump makes its entry stale."""
    bump()
    transaction.on_commit(bump)


def scope_key(scope: str) -> str:
    return f"{GENERATION_KEY}:{scope}"


def scope_generations(scopes) -> dict[str, int]:
    """{scope: number in force}, created where missing (read before the page renders)."""
    found = cache().get_many([scope_key(scope) for scope in scopes])
    return {scope: found.get(scope_key(scope)) or _created(scope_key(scope)) for scope in scopes}


def scopes_current(numbers: dict[str, int]) -> bool:
    """True when every scope still has the number an entry was rendered with."""
    if not numbers:
        return True
    found = cache().get_many([scope_key(scope) for scope in numbers])
    return all(found.get(scope_key(scope)) == number for scope, number in numbers.items())


def bump_scopes_now_and_after_commit(scopes) -> None:
    """As bump_now_and_after_commit, for these scopes only."""
    keys = [scope_key(scope) for scope in scopes]

    def bump_all():
        for key in keys:
            _bump(key)

    bump_all()
    transaction.on_commit(bump_all)
