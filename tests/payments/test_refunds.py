"""Refunds by the cancellation policy (full before the deadline, none after, full when the
practitioner cancels), with the practitioner's transfer and the platform's fee reversed, once
per cancellation; a failure stays visible with Stripe's error and can be retried."""

from datetime import timedelta

import pytest

from booking import selectors as booking_selectors
from booking import services as booking_services
from booking.models import Appointment
from payments import refunds
from payments.models import Payment, Refund

from .conftest import post_event, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(client, held, person, local_stripe):
    """A paid, confirmed appointment (the webhook handled)."""
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    held.refresh_from_db()
    assert held.status == Appointment.Status.CONFIRMED
    return held


def cancel(appointment, by, capture):
    with capture(execute=True):
        _appointment, refund_cents = booking_services.cancel_appointment(appointment, by=by)
    return refund_cents


@pytest.mark.parametrize(
    ("offset", "refunded"),
    [(timedelta(minutes=-1), 6000), (timedelta(0), 6000), (timedelta(minutes=1), 0)],
    ids=["a minute before the deadline", "at the deadline", "a minute after"],
)
def test_the_person_is_refunded_by_the_policy_around_the_deadline(
    confirmed, person, local_stripe, frozen_now, django_capture_on_commit_callbacks, offset, refunded
):
    deadline = booking_selectors.cancellation_deadline(confirmed)
    frozen_now.move_to(deadline + offset)
    assert cancel(confirmed, person, django_capture_on_commit_callbacks) == refunded
    payment = Payment.objects.get()
    charge = local_stripe.get(payment.charge_id)
    assert charge["amount_refunded"] == refunded == payment.refunded_cents
    if refunded:
        assert payment.status == Payment.Status.REFUNDED
        assert payment.refunds.get().reason == Refund.Reason.CANCELLED_BY_USER
    else:
        assert payment.status == Payment.Status.PAID
        assert not payment.refunds.exists()
        assert payment.history.filter(note__contains="no refund").exists()


def test_the_practitioners_cancellation_is_refunded_in_full_even_late(
    confirmed, practitioner_account, local_stripe, frozen_now, django_capture_on_commit_callbacks
):
    frozen_now.move_to(confirmed.start - timedelta(hours=1))
    assert cancel(confirmed, practitioner_account, django_capture_on_commit_callbacks) == 6000
    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_cents) == (Payment.Status.REFUNDED, 6000)
    assert payment.refunds.get().reason == Refund.Reason.CANCELLED_BY_PRACTITIONER


def test_the_refund_reverses_the_transfer_and_refunds_the_fee(
    confirmed, person, local_stripe, django_capture_on_commit_callbacks
):
    cancel(confirmed, person, django_capture_on_commit_callbacks)
    payment = Payment.objects.get()
    charge = local_stripe.get(payment.charge_id)
    transfer = local_stripe.get(charge["transfer"])
    fee = local_stripe.get(charge["application_fee"])
    assert transfer["amount_reversed"] == transfer["amount"]
    assert fee["amount_refunded"] == fee["amount"] == payment.fee_cents == 600
    assert payment.fee_refunded_cents == 600
    assert (payment.net_amount_cents, payment.net_fee_cents, payment.practitioner_share_cents) == (0, 0, 0)
    stripe_refund = local_stripe.get(payment.refunds.get().stripe_refund_id)
    assert stripe_refund["metadata"]["appointment"] == str(confirmed.reference)


def test_one_refund_per_cancellation_even_if_told_twice(confirmed, person, local_stripe):
    booking_services.cancel_appointment(confirmed, by=person)
    confirmed.refresh_from_db()
    for _ in range(2):
        refunds.on_appointment_cancelled(
            Appointment, appointment=confirmed, refund_cents=6000, by_practitioner=False
        )
    assert Refund.objects.count() == 1
    assert len(local_stripe.client().v1.refunds.list().data) == 1


def test_a_refund_whose_answer_was_lost_is_completed_by_its_webhook(client, confirmed, local_stripe):
    payment = Payment.objects.get()
    key = f"refund-{confirmed.reference}-cancellation"
    first = refunds.refund_payment(payment, amount_cents=6000, reason="cancelled_by_user", key=key)
    stripe_id = first.stripe_refund_id
    # As if the process had died after Stripe's answer: the row is committed, still pending.
    Refund.objects.filter(pk=first.pk).update(stripe_refund_id=None, status=Refund.Status.PENDING)
    Payment.objects.filter(pk=payment.pk).update(refunded_cents=0, status=Payment.Status.PAID)
    again = refunds.refund_payment(payment, amount_cents=6000, reason="cancelled_by_user", key=key)
    assert again.pk == first.pk  # asked once: not sent again
    post_event(client, local_stripe, local_stripe.last_event("charge.refunded"))
    first.refresh_from_db()
    payment.refresh_from_db()
    assert (first.stripe_refund_id, first.status) == (stripe_id, Refund.Status.SUCCEEDED)
    assert (payment.status, payment.refunded_cents) == (Payment.Status.REFUNDED, 6000)
    assert len(local_stripe.client().v1.refunds.list().data) == 1


def test_a_failed_refund_stays_visible_and_can_be_retried(
    confirmed, person, local_stripe, django_capture_on_commit_callbacks
):
    local_stripe.inject_error(
        "POST",
        "/v1/refunds",
        message="Your balance is insufficient.",
        code="balance_insufficient",
        type="invalid_request_error",
        status=400,
    )
    cancel(confirmed, person, django_capture_on_commit_callbacks)
    payment = Payment.objects.get()
    refund = payment.refunds.get()
    assert payment.status == Payment.Status.REFUND_FAILED
    assert refund.status == Refund.Status.FAILED
    assert "balance_insufficient" in refund.error
    assert "insufficient" in payment.last_error

    refunds.retry(refund)
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED
    assert (payment.status, payment.refunded_cents) == (Payment.Status.REFUNDED, 6000)


def test_a_refund_that_fails_later_is_reported_by_its_webhook(
    client, confirmed, person, local_stripe, django_capture_on_commit_callbacks
):
    cancel(confirmed, person, django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    local_stripe.fail_refund(refund.stripe_refund_id)
    post_event(client, local_stripe, local_stripe.last_event("charge.refund.updated"))
    refund.refresh_from_db()
    payment = Payment.objects.get()
    assert refund.status == Refund.Status.FAILED
    assert (payment.status, payment.refunded_cents) == (Payment.Status.REFUND_FAILED, 0)


def test_cancelling_before_paying_closes_the_session(
    held, person, local_stripe, django_capture_on_commit_callbacks
):
    payment = start(held, person)
    cancel(held, person, django_capture_on_commit_callbacks)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert local_stripe.get(payment.checkout_session_id)["status"] == "expired"


def test_a_payment_made_while_cancelling_is_refunded_in_full(
    held, person, local_stripe, django_capture_on_commit_callbacks
):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)  # paid in another tab; no webhook yet
    cancel(held, person, django_capture_on_commit_callbacks)
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_cents) == (Payment.Status.REFUNDED, 6000)
    assert payment.refunds.get().reason == Refund.Reason.UNAVAILABLE
