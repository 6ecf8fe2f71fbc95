"""Reads: the reminders of upcoming appointments and the practitioners' daily summaries, and
where each stands (pending, due, late, sent; a summary of an empty day is "empty")."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from booking import selectors as booking_selectors
from booking.models import Appointment
from practitioners_directory.models import Practitioner

from .models import DailySummary, NotificationPreference, SentNotification
from .services import reminder_hours, reminder_kind, summary_send_at

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


def _state(send_at: datetime, now: datetime) -> str:
    if send_at > now:
        return "pending"
    return "due" if now - send_at <= LATE_AFTER else "late"


# --- Daily summaries -----------------------------------------------------------------------------


def summary_practitioners():
    """The practitioners who turned the daily summary on (and still have an account)."""
    opted_in = NotificationPreference.objects.filter(daily_summary=True).values("user_id")
    return Practitioner.objects.filter(user_id__in=opted_in).select_related("user").order_by("pk")


def day_appointments(practitioner: Practitioner, day: date) -> list[Appointment]:
    """The confirmed appointments of `day` in the practitioner's zone (booking's agenda rule for
    the day; a hold still waiting for its payment is not an appointment yet)."""
    return [
        a
        for a in booking_selectors.agenda(practitioner, day, day)
        if a.status == Appointment.Status.CONFIRMED
    ]


@dataclass
class SummaryState:
    practitioner: Practitioner
    day: date
    send_at: datetime
    state: str  # "pending", "due", "late", "sent", "empty"
    appointments: int | None = None
    sent_at: datetime | None = None


def daily_summaries(*, now=None, ahead=timedelta(hours=48)) -> list[SummaryState]:
    """Today's summary (in each practitioner's zone) and the next ones whose time is at most
    `ahead` away, for the practitioners who turned it on."""
    now = now or timezone.now()
    practitioners = list(summary_practitioners())
    done = {
        (row.practitioner_id, row.day): row
        for row in DailySummary.objects.filter(
            practitioner__in=practitioners, day__gte=now.date() - timedelta(days=1)
        )
    }
    states = []
    for practitioner in practitioners:
        day = timezone.localdate(now, practitioner.zone)
        while (send_at := summary_send_at(practitioner, day).astimezone(UTC)) <= now + ahead:
            row = done.get((practitioner.pk, day))
            if row is not None:
                # A row with appointments and no sending time is being sent (or failed: see the task).
                state = "sent" if row.sent_at else ("empty" if not row.appointments else "due")
                states.append(SummaryState(practitioner, day, send_at, state, row.appointments, row.sent_at))
            else:
                states.append(SummaryState(practitioner, day, send_at, _state(send_at, now)))
            day += timedelta(days=1)
    return sorted(states, key=lambda s: s.send_at)
