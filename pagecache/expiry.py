"""Content that changes with time alone, without any save to bump the generation: a legal
version taking effect at its date, a slot that can no longer be booked, a hold that lapses.
Code rendering such content says when it changes; the page is then stored (and a front cache
told to keep it) no longer than that."""

from datetime import datetime

from django.utils import timezone

_ATTRIBUTE = "_page_cache_expires_at"


def expires_by(request, when: datetime | None) -> None:
    if request is None or when is None:
        return
    current = getattr(request, _ATTRIBUTE, None)
    if current is None or when < current:
        setattr(request, _ATTRIBUTE, when)


def seconds_left(request, default: int) -> int:
    """How long the response may be stored: `default`, or less when something shown changes
    sooner (0: not at all)."""
    when = getattr(request, _ATTRIBUTE, None)
    if when is None:
        return default
    return max(0, min(default, int((when - timezone.now()).total_seconds())))
