"""Erasing a person with a paid appointment ahead: it is cancelled through booking and refunded
by the cancellation policy (payments' own refund path); the payment itself is kept."""

import pytest

from booking.models import Appointment
from payments.models import Payment, Refund
from privacy.erasure import erase_person

from .conftest import post_event, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    held.refresh_from_db()
    assert held.status == Appointment.Status.CONFIRMED
    return held


def test_erasure_cancels_the_paid_appointment_ahead_and_refunds_it(
    confirmed, person, local_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person)
    confirmed.refresh_from_db()
    assert confirmed.status == Appointment.Status.CANCELLED_BY_USER
    payment = Payment.objects.get(appointment=confirmed)
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunds.get().reason == Refund.Reason.CANCELLED_BY_USER
    assert local_stripe.get(payment.charge_id)["amount_refunded"] == payment.amount_cents
