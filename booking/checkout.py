"""Where a held appointment goes next. Payments registers its checkout; without it (or when
BOOKING_REQUIRES_PAYMENT is off) the appointment is already confirmed and its page is next."""

from collections.abc import Callable

from django.urls import reverse

_start_payment: list[Callable] = []


def register(start_url: Callable) -> Callable:
    """`start_url(appointment) -> URL` of the payment for a held appointment."""
    _start_payment[:] = [start_url]
    return start_url


def next_url(appointment) -> str:
    from .models import Appointment

    if appointment.status == Appointment.Status.HELD and _start_payment:
        return _start_payment[0](appointment)
    return reverse("booking:appointment", kwargs={"reference": appointment.reference})
