"""Reads: the reminders of upcoming appointments and where each stands (pending, due, late, sent)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from booking.models import Appointment

from .models import NotificationPreference, SentNotification
from .services import reminder_hours, reminder_kind

# A reminder whose time passed longer ago than this without being sent: the worker is behind.
LATE_AFTER = timedelta(minutes=5)


@dataclass
class ReminderState:
    appointment: Appointment
    hours: int
    send_at: datetime
    state: str  # "pending", "due", "late", "sent"
    sent_at: datetime | None = None


def reminders(*, now=None, ahead=timedelta(hours=48)) -> list[ReminderState]:
    """Every reminder of the confirmed appointments not begun yet whose time is at most `ahead`
    away, for the people who keep reminders on."""
    now = now or timezone.now()
    longest = timedelta(hours=max(reminder_hours(), default=0))
    opted_out = NotificationPreference.objects.filter(reminders=False).values("user_id")
    upcoming = (
        Appointment.objects.filter(
            status=Appointment.Status.CONFIRMED, start__gt=now, start__lte=now + ahead + longest
        )
        .exclude(person_id__in=opted_out)
        .select_related("practitioner", "person")
        .order_by("start")
    )
    appointments = list(upcoming)
    sent = {
        (row.appointment_id, row.kind, row.sequence): row.sent_at
        for row in SentNotification.objects.filter(appointment__in=appointments, kind__startswith="reminder_")
    }
    states = []
    for appointment in appointments:
        for hours in reminder_hours():
            send_at = appointment.start - timedelta(hours=hours)
            if send_at > now + ahead:
                continue
            sent_at = sent.get((appointment.pk, reminder_kind(hours), appointment.sequence))
            if sent_at:
                state = "sent"
            elif send_at > now:
                state = "pending"
            elif now - send_at <= LATE_AFTER:
                state = "due"
            else:
                state = "late"
            states.append(ReminderState(appointment, hours, send_at, state, sent_at))
    return sorted(states, key=lambda s: s.send_at)
