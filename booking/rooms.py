"""The video room, as booking sees it: a link and who is waiting, from whichever app registers.

Booking sits below the video room (consultations knows booking, not the reverse), yet its pages
and messages link to the room: the app above registers its functions here at start-up. Without
one, there is no link and nobody waits.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RoomLink:
    url: str
    is_open: bool
    opens_at: datetime


_provider = None


def register(provider) -> None:
    """`provider` has link(appointment) -> RoomLink | None, waiting_among(appointments) -> set of
    ids, and presence_url() -> str (JSON of the references whose person is waiting)."""
    global _provider
    _provider = provider


def link(appointment) -> RoomLink | None:
    """The room of `appointment` while it has one to enter (None once closed or cancelled)."""
    return _provider.link(appointment) if _provider else None


def waiting_among(appointments) -> set[int]:
    """Ids of those `appointments` whose person is in the room right now."""
    return _provider.waiting_among(appointments) if _provider else set()


def presence_url() -> str:
    return _provider.presence_url() if _provider else ""
