"""Low-level cache for the site chrome (menu, legal entity, contact link): every page needs them,
signed-in people included, and they only change when the page generation changes. Kept in the
`pages` cache under the generation in force, read at most once per request."""

from . import generation


def request_generation(request) -> int:
    """The generation for this request (the middleware already read it on a lookup)."""
    value = getattr(request, "_page_cache_generation", None) if request is not None else None
    if value is None:
        value = generation.current(generation.cache().get(generation.GENERATION_KEY))
        if request is not None:
            request._page_cache_generation = value
    return value


def cached(request, name: str, build, *parts):
    """`build()` once per generation and `parts` (site, language...), shared by every process."""
    key = f"pagecache:fragment:{name}:{request_generation(request)}:" + ":".join(map(str, parts))
    memo = getattr(request, "_page_cache_fragments", None) if request is not None else None
    if memo is not None and key in memo:
        return memo[key]
    store = generation.cache()
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        store.set(key, value, FRAGMENT_SECONDS)
    if request is not None:
        if memo is None:
            memo = request._page_cache_fragments = {}
        memo[key] = value
    return value


_MISSING = object()
# Old generations are never read again: they expire instead of being deleted.
FRAGMENT_SECONDS = 3600
