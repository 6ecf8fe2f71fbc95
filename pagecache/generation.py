"""The generation number: every stored page carries the one in force when it was rendered and is
served only while it is still the current one. Bumping it invalidates every stored page at once
(one rule for every change; per-page keys would be a refinement)."""

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


def current(value) -> int:
    """The generation read together with an entry (get_many), created if missing."""
    if value is not None:
        return value
    generation = new_generation()
    if not cache().add(GENERATION_KEY, generation, timeout=None):
        generation = cache().get(GENERATION_KEY) or generation
    return generation


def bump() -> None:
    try:
        cache().incr(GENERATION_KEY)
    except ValueError:  # missing (first change, flushed cache): a number no entry carries
        cache().set(GENERATION_KEY, new_generation(), timeout=None)


def bump_now_and_after_commit() -> None:
    """Now, and again after commit: a request that read the new number while the transaction
    was still open rendered the old content; the second bump makes its entry stale."""
    bump()
    transaction.on_commit(bump)
