"""What a page being rendered depends on besides the generation (pagecache.generation's scopes).

`depends_on(request, slots_of(practitioner.pk))` before reading a profile's slots (the
directory: `ANY_SLOTS`): the scopes' numbers are read then, before the query, as the generation
is read before rendering, so a booking committed meanwhile makes the stored entry stale."""

from . import generation

_ATTRIBUTE = "_page_cache_scopes"


ANY_SLOTS = "slots"


def slots_of(practitioner_id) -> str:
    """The scope of a practitioner's free slots (their profile)."""
    return f"slots:{practitioner_id}"


def changed_slot_scopes(practitioner_id) -> tuple[str, ...]:
    """What a change of a practitioner's slots bumps: theirs, and any practitioner's (the
    directory)."""
    return (ANY_SLOTS, slots_of(practitioner_id))


def depends_on(request, *scopes: str) -> None:
    if request is None:
        return
    known = getattr(request, _ATTRIBUTE, None)
    if known is None:
        known = {}
        setattr(request, _ATTRIBUTE, known)
    missing = [scope for scope in scopes if scope not in known]
    if missing:
        known.update(generation.scope_generations(missing))


def scopes_of(request) -> dict[str, int]:
    return dict(getattr(request, _ATTRIBUTE, None) or {})
