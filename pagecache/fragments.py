"""Cache for what every page shows the same way (the menu, the page's translations, the
directory's taxonomies, the banner, the footer, a page's body): signed-in people and pages
rendered on a miss need them too, and they only change when the page generation changes.

Two tiers, both keyed by the generation in force: this process's memory (read first: the
generation is the only cache read a request makes for them), then the `pages` cache shared by
the processes (for what needs queries to build; rendered markup stays in this process). A value
from the local tier is shared by this process's requests and threads: callers only read it
(strings, tuples, safe HTML, model instances shown as they are), never change it.
"""

import threading

from . import generation

_MISSING = object()
# Old generations are never read again: they expire instead of being deleted.
FRAGMENT_SECONDS = 3600
# Entries of the current generation kept in this process (menus, footers... per site and
# language, a body per page, two per directory card): bounded so that a site with many pages
# cannot fill the memory (about 1 KB each); the oldest goes first.
LOCAL_MAX_ENTRIES = 5000


class _LocalTier:
    """This process's copy of the current generation's fragments, dropped on a new generation."""

    def __init__(self):
        self._lock = threading.Lock()
        self._generation = None
        self._values: dict[str, object] = {}

    def get(self, gen: int, key: str):
        if gen != self._generation:
            return _MISSING
        return self._values.get(key, _MISSING)

    def set(self, gen: int, key: str, value) -> None:
        with self._lock:
            if gen != self._generation:
                if self._generation is not None and gen < self._generation:
                    return  # a request that started before the bump: not worth keeping
                self._generation, self._values = gen, {}
            if len(self._values) >= LOCAL_MAX_ENTRIES:
                self._values.pop(next(iter(self._values)))
            self._values[key] = value

    def clear(self) -> None:
        with self._lock:
            self._generation, self._values = None, {}


local_tier = _LocalTier()


def request_generation(request) -> int:
    """The generation for this request (the middleware already read it on a lookup)."""
    value = getattr(request, "_page_cache_generation", None) if request is not None else None
    if value is None:
        value = generation.current(generation.cache().get(generation.GENERATION_KEY))
        if request is not None:
            request._page_cache_generation = value
    return value


def cached(request, name: str, build, *parts, shared: bool = True):
    """`build()` once per generation and `parts` (site, language...), shared by every process
    (`shared=False`: kept by this process only, for what costs less to build than a round trip
    to the shared cache, such as markup rendered from objects already loaded)."""
    gen = request_generation(request)
    key = f"pagecache:fragment:{name}:{gen}:" + ":".join(map(str, parts))
    value = local_tier.get(gen, key)
    if value is not _MISSING:
        return value
    if not shared:
        value = build()
    else:
        store = generation.cache()
        value = store.get(key, _MISSING)
        if value is _MISSING:
            value = build()
            store.set(key, value, FRAGMENT_SECONDS)
    local_tier.set(gen, key, value)
    return value
