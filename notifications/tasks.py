"""Background jobs: the appointment messages and the reminders (deferred with `run_after`).

Each task re-reads the appointment and claims a SentNotification row (unique per appointment,
kind and revision) before sending: a retried task or a second worker never sends twice, and a
reminder queued for a time that changed, or for an appointment since cancelled, sends nothing.
"""

import logging
from datetime import datetime

from django.utils import timezone
from django_tasks import task

from booking.models import Appointment

from . import messages, services

logger = logging.getLogger(__name__)


def _appointment(appointment_id: int) -> Appointment | None:
    return (
        Appointment.objects.select_related("practitioner", "practitioner__user", "person")
        .filter(pk=appointment_id)
        .first()
    )


def _send(appointment: Appointment, kind: str, *, sequence: int, **extra) -> bool:
    message = messages.build(appointment, kind, **extra)
    if message is None:
        return False
    row = services.claim(appointment, kind, start=appointment.start, sequence=sequence, recipient=message.to)
    if row is None:
        return False
    try:
        message.email().send()
    except Exception:
        services.release(row)
        raise
    return True


@task()
def send_appointment_message(
    appointment_id: int,
    kind: str,
    sequence: int | None = None,
    refund_cents: int = 0,
    by_practitioner: bool = False,
    previous_start: str = "",
) -> bool:
    appointment = _appointment(appointment_id)
    if appointment is None:
        return False
    return _send(
        appointment,
        kind,
        sequence=appointment.sequence if sequence is None else sequence,
        refund_cents=refund_cents,
        by_practitioner=by_practitioner,
        previous_start=previous_start,
    )


@task()
def send_reminder(appointment_id: int, hours: int, start: str, sequence: int) -> bool:
    """Sends only if the appointment is still confirmed, still at `start`, at the revision it
    was queued for, not begun, and the person has not turned reminders off."""
    appointment = _appointment(appointment_id)
    if (
        appointment is None
        or appointment.status != Appointment.Status.CONFIRMED
        or appointment.start != datetime.fromisoformat(start)
        or appointment.sequence != sequence
        or appointment.start <= timezone.now()
        or not services.reminders_wanted(appointment.person)
    ):
        return False
    sent = _send(appointment, services.reminder_kind(hours), sequence=sequence, hours=hours)
    if sent:
        logger.info("notifications: %sh reminder sent for appointment %s", hours, appointment_id)
    return sent
