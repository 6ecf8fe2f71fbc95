"""Writes about video rooms: entering, staying, leaving. Called by the WebSocket consumer.

Every call re-reads the appointment: a room that closed, or an appointment cancelled, since the
socket opened ends the call at the next message.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from . import selectors
from .models import RoomPresence


class RoomRefused(Exception):
    """Not a party of this room, or the room is not open now."""


class RoomBusy(Exception):
    """This party is already in the room from another tab or device (and it is alive)."""


@dataclass(frozen=True)
class Joined:
    appointment_id: int
    role: str
    closes_at: datetime
    # The socket this one replaces (the same page reconnecting, or a takeover): told to leave.
    replaced_channel: str
    peer_present: bool


def _open_room(user, reference, now):
    if not getattr(user, "is_authenticated", False):
        raise RoomRefused
    try:
        appointment = selectors.room_for(user, reference)
    except Http404:
        raise RoomRefused from None
    if selectors.state(appointment, now) != selectors.RoomState.OPEN:
        raise RoomRefused
    return appointment


def join(*, user, reference, channel_name: str, client_id: str, takeover: bool = False, now=None) -> Joined:
    """Enter the room as its person or its practitioner: at most one socket per party.

    The same page reconnecting (same `client_id`) takes its place back at once: after a network
    change the old socket may look alive for a while. Another tab only with `takeover`, unless
    the first one has stopped beating.
    """
    now = now or timezone.now()
    appointment = _open_room(user, reference, now)
    role = selectors.role_of(appointment, user)
    fields = {"channel_name": channel_name, "client_id": client_id, "joined_at": now, "last_seen": now}
    try:
        with transaction.atomic():
            current = (
                RoomPresence.objects.select_for_update().filter(appointment=appointment, role=role).first()
            )
            if current is None:
                RoomPresence.objects.create(appointment=appointment, role=role, **fields)
                replaced = ""
            else:
                if current.client_id != client_id and not takeover and selectors.is_live(current, now):
                    raise RoomBusy
                replaced = current.channel_name
                RoomPresence.objects.filter(pk=current.pk).update(**fields)
    except IntegrityError:  # the same party entering from two sockets at the same instant
        raise RoomBusy from None
    return Joined(
        appointment_id=appointment.pk,
        role=role,
        closes_at=selectors.window(appointment)[1],
        replaced_channel=replaced if replaced != channel_name else "",
        peer_present=selectors.peer_present(appointment.pk, role),
    )


def stay(*, user, reference, channel_name: str, now=None) -> None:
    """Re-check the room for a socket that sends a message; refresh its presence.

    Raises RoomRefused when the room has closed (or the appointment was cancelled), and when this
    socket no longer holds its party's place (another tab took it over).
    """
    now = now or timezone.now()
    appointment = _open_room(user, reference, now)
    held = RoomPresence.objects.filter(appointment=appointment, channel_name=channel_name).update(
        last_seen=now
    )
    if not held:
        raise RoomRefused


def leave(*, channel_name: str) -> int | None:
    """The socket is gone: free its place (not the place a newer socket of the party took).
    Returns the appointment id if a place was freed."""
    presence = RoomPresence.objects.filter(channel_name=channel_name).first()
    if presence is None:
        return None
    RoomPresence.objects.filter(pk=presence.pk, channel_name=channel_name).delete()
    return presence.appointment_id
