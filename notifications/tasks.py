"""Background jobs: the appointment messages, the reminders (deferred with `run_after`), the
payment receipt and refunds, the practitioners' daily summaries (deferred, one chain each).

Each task re-reads what it is about and claims a unique row (SentNotification per appointment,
kind and revision; DailySummary per practitioner and day) before sending: a retried task or a
second worker never sends twice, and a reminder queued for a time that changed, or for an
appointment since cancelled, sends nothing.
"""

import logging
from datetime import date, datetime

from django.utils import timezone
from django_tasks import task

from booking.models import Appointment
from payments.models import Payment, Refund
from practitioners_directory.models import Practitioner

from . import messages, selectors, services

logger = logging.getLogger(__name__)


def _appointment(appointment_id: int) -> Appointment | None:
    return (
        Appointment.objects.select_related("practitioner", "practitioner__user", "person")
        .filter(pk=appointment_id)
        .first()
    )


def _send(appointment: Appointment, kind: str, *, sequence: int, **extra) -> bool:
    return _deliver(messages.build(appointment, kind, **extra), appointment, kind, sequence=sequence)


def _deliver(message, appointment: Appointment, kind: str, *, sequence: int) -> bool:
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


@task()
def send_payment_receipt(payment_id: int) -> bool:
    """Once per payment (its appointment's "receipt" row), whatever the number of deliveries of
    Stripe's event or of runs of this task."""
    payment = (
        Payment.objects.select_related("appointment", "practitioner", "person")
        .filter(pk=payment_id, status__in=Payment.SETTLED, paid_at__isnull=False)
        .first()
    )
    if payment is None:
        return False
    return _deliver(messages.receipt(payment), payment.appointment, messages.RECEIPT, sequence=0)


@task()
def send_refund_message(refund_id: int) -> bool:
    """Once per refund that succeeded."""
    refund = (
        Refund.objects.select_related(
            "payment", "payment__appointment", "payment__practitioner", "payment__person"
        )
        .filter(pk=refund_id, status=Refund.Status.SUCCEEDED)
        .first()
    )
    if refund is None:
        return False
    kind = f"{messages.REFUND}_{refund.pk}"
    return _deliver(messages.refunded(refund), refund.payment.appointment, kind, sequence=0)


def deliver_daily_summary(practitioner: Practitioner, day: date, *, now=None) -> bool:
    """Claim `day` for this practitioner (which queues the next morning), then send its summary,
    if the day has appointments and is still today in the practitioner's zone. The task and the
    cron command both come here."""
    now = now or timezone.now()
    current = timezone.localdate(now, practitioner.zone) == day
    appointments = selectors.day_appointments(practitioner, day) if current else []
    message = messages.daily_summary(practitioner, day, appointments)
    row = services.claim_daily_summary(
        practitioner, day, appointments=len(appointments), recipient=message.to if message else "", now=now
    )
    if row is None or message is None:
        return False
    try:
        message.email().send()
    except Exception:
        services.release_summary(row)
        raise
    services.mark_summary_sent(row)
    logger.info("notifications: daily summary of %s sent to practitioner %s", day, practitioner.pk)
    return True


@task()
def send_daily_summary(practitioner_id: int, day: str) -> bool:
    """The morning summary; the chain stops here if the practitioner turned it off."""
    practitioner = Practitioner.objects.select_related("user").filter(pk=practitioner_id).first()
    user = practitioner.user if practitioner else None
    if user is None or not services.daily_summary_wanted(user):
        return False
    return deliver_daily_summary(practitioner, date.fromisoformat(day))
