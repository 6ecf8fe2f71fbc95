"""What other apps listen to (payments, notifications, consultations). Sent after commit."""

from django.dispatch import Signal

appointment_held = Signal()  # appointment
appointment_confirmed = Signal()  # appointment
appointment_cancelled = Signal()  # appointment, refund_cents, by_practitioner
appointment_rescheduled = Signal()  # appointment, previous_start
