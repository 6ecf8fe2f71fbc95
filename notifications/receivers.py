"""Booking's and payments' signals (sent after commit) → tasks. Nothing is sent here: a worker sends."""

from . import services, tasks
from .messages import (
    CANCELLED,
    CONFIRMED,
    PRACTITIONER_CANCELLED,
    PRACTITIONER_NEW,
    PRACTITIONER_RESCHEDULED,
    RESCHEDULED,
)

send = tasks.send_appointment_message


def on_confirmed(sender, appointment, **kwargs):
    for kind in (CONFIRMED, PRACTITIONER_NEW):
        send.enqueue(appointment_id=appointment.pk, kind=kind, sequence=appointment.sequence)
    services.schedule_reminders(appointment)


def on_cancelled(sender, appointment, refund_cents=0, by_practitioner=False, **kwargs):
    for kind in (CANCELLED, PRACTITIONER_CANCELLED):
        send.enqueue(
            appointment_id=appointment.pk,
            kind=kind,
            sequence=appointment.sequence,
            refund_cents=int(refund_cents or 0),
            by_practitioner=bool(by_practitioner),
        )


def on_rescheduled(sender, appointment, previous_start=None, **kwargs):
    previous = previous_start.isoformat() if previous_start else ""
    for kind in (RESCHEDULED, PRACTITIONER_RESCHEDULED):
        send.enqueue(
            appointment_id=appointment.pk, kind=kind, sequence=appointment.sequence, previous_start=previous
        )
    # The reminders queued for the old time find the revision changed and send nothing.
    services.schedule_reminders(appointment)


def on_payment_succeeded(sender, payment, **kwargs):
    tasks.send_payment_receipt.enqueue(payment_id=payment.pk)


def on_refund_issued(sender, refund, **kwargs):
    tasks.send_refund_message.enqueue(refund_id=refund.pk)
