"""Reads about video rooms: who may enter which room, when it is open, who is in it."""

from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from booking import selectors as booking_selectors
from booking.models import Appointment
from booking.rooms import RoomLink

from .models import RoomPresence

# Appointments that have a room. A hold never became a consultation: it has none (404).
WITH_ROOM = (Appointment.Status.CONFIRMED, Appointment.Status.COMPLETED)
ENDED = (
    Appointment.Status.CANCELLED_BY_USER,
    Appointment.Status.CANCELLED_BY_PRACTITIONER,
    Appointment.Status.NO_SHOW,
)
# The browser's heartbeat comes every HEARTBEAT_SECONDS; a row not refreshed for LIVE_SECONDS
# belongs to a socket (or a process) that is gone.
HEARTBEAT_SECONDS = 15
LIVE_SECONDS = 45


class RoomState(StrEnum):
    WAITING = "waiting"
    OPEN = "open"
    CLOSED = "closed"


def window(appointment: Appointment) -> tuple[datetime, datetime]:
    """When the room opens and closes, around the consultation itself."""
    return (
        appointment.start - timedelta(minutes=settings.CONSULTATION_ROOM_OPENS_MINUTES_BEFORE),
        appointment.end + timedelta(minutes=settings.CONSULTATION_ROOM_CLOSES_MINUTES_AFTER),
    )


def state(appointment: Appointment, now: datetime | None = None) -> RoomState:
    """The one rule: open from `window` start to end for a confirmed (or completed) appointment;
    before that waiting; after that, or once cancelled, closed."""
    if appointment.status not in WITH_ROOM:
        return RoomState.CLOSED
    now = now or timezone.now()
    opens_at, closes_at = window(appointment)
    if now < opens_at:
        return RoomState.WAITING
    if now >= closes_at:
        return RoomState.CLOSED
    return RoomState.OPEN


def room_for(user, reference) -> Appointment:
    """The appointment behind a room if `user` is one of its two parties and it was booked;
    anyone else (editors and staff included) gets 404."""
    appointment = booking_selectors.appointment_for(user, reference)
    if appointment.status not in (*WITH_ROOM, *ENDED):
        raise Http404
    return appointment


def role_of(appointment: Appointment, user) -> RoomPresence.Role:
    if appointment.person_id == user.pk:
        return RoomPresence.Role.PERSON
    return RoomPresence.Role.PRACTITIONER


def link(appointment: Appointment, now: datetime | None = None) -> RoomLink | None:
    """What booking's pages and messages show: the room while it is waiting or open."""
    room_state = state(appointment, now)
    if room_state == RoomState.CLOSED:
        return None
    return RoomLink(
        url=reverse("consultations:room", kwargs={"reference": appointment.reference}),
        is_open=room_state == RoomState.OPEN,
        opens_at=window(appointment)[0],
    )


def presence_url() -> str:
    return reverse("consultations:presence")


def waiting_references(practitioner_user, now: datetime | None = None) -> list[str]:
    """References of this practitioner's appointments whose person is in the room now."""
    return [
        str(reference)
        for reference in _live(now)
        .filter(role=RoomPresence.Role.PERSON, appointment__practitioner__user=practitioner_user)
        .values_list("appointment__reference", flat=True)
    ]


def _live(now: datetime | None = None):
    return RoomPresence.objects.filter(
        last_seen__gte=(now or timezone.now()) - timedelta(seconds=LIVE_SECONDS)
    )


def is_live(presence: RoomPresence, now: datetime | None = None) -> bool:
    return presence.last_seen >= (now or timezone.now()) - timedelta(seconds=LIVE_SECONDS)


def peer_present(appointment_id: int, role: str) -> bool:
    """Whether the other party of the room is in it."""
    return _live().filter(appointment_id=appointment_id).exclude(role=role).exists()


def waiting_among(appointments) -> set[int]:
    """Ids of those appointments whose person is in the room (for the practitioner's agenda)."""
    ids = [appointment.pk for appointment in appointments]
    if not ids:
        return set()
    return set(
        _live()
        .filter(appointment_id__in=ids, role=RoomPresence.Role.PERSON)
        .values_list("appointment_id", flat=True)
    )
