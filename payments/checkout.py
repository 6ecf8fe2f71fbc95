"""Paying for a held appointment with Stripe Checkout, and applying what Stripe says of it.

The appointment is confirmed only from Stripe's own state: `sync_session` re-reads the session
(from a webhook or from the success page, server-side), never from the browser's redirect.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from booking import services as booking_services
from booking.models import Appointment

from . import records, signals
from .models import ConnectedAccount, Payment, PaymentSettings, Refund
from .stripe_api import as_dict, client, error_message, object_id

logger = logging.getLogger(__name__)
Status = Payment.Status

# Stripe: a Checkout Session expires 30 minutes to 24 hours after its creation.
MIN_SESSION_LIFETIME = timedelta(minutes=30)
# Room for the clocks and the request between here and Stripe.
SESSION_MARGIN = timedelta(minutes=1)


class CheckoutRefused(Exception):
    """The payment cannot start; `message` is for the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def commission_percent() -> Decimal:
    return PaymentSettings.load().commission_percent


def fee_cents(amount_cents: int, percent: Decimal) -> int:
    """The platform's fee on an amount, in whole cents (half up)."""
    fee = (Decimal(amount_cents) * percent / Decimal(100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(int(fee), amount_cents)


def session_expiry(appointment: Appointment, now: datetime) -> datetime:
    """The hold's end, or Stripe's minimum if the hold ends sooner (a payment that arrives after
    the hold is confirmed if the time is still free, else refunded: see `apply_session`)."""
    earliest = now + MIN_SESSION_LIFETIME + SESSION_MARGIN
    return max(appointment.hold_expires_at, earliest)


def _payment_to_start(appointment: Appointment, user, now: datetime) -> Payment:
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("practitioner")
            .get(pk=appointment.pk)
        )
        payment = Payment.objects.filter(appointment=appointment).first()
        if payment is not None and payment.is_settled:
            return payment
        if appointment.person_id != user.pk:
            raise CheckoutRefused(_("Ce rendez-vous n’est pas le vôtre."))
        if appointment.status != Appointment.Status.HELD or (appointment.hold_expires_at or now) <= now:
            raise CheckoutRefused(_("Cette réservation a expiré. Choisissez de nouveau un créneau."))
        account = ConnectedAccount.objects.filter(practitioner=appointment.practitioner).first()
        if account is None or not account.charges_enabled:
            raise CheckoutRefused(_("Ce praticien ne peut pas recevoir de paiement pour le moment."))
        if payment is not None:
            return payment
        percent = commission_percent()
        payment = Payment.objects.create(
            appointment=appointment,
            person_id=appointment.person_id,
            practitioner=appointment.practitioner,
            amount_cents=appointment.price_cents,
            commission_percent=percent,
            fee_cents=fee_cents(appointment.price_cents, percent),
            destination_account=account.stripe_account_id,
        )
        records.add_note(payment, "created")
    return payment


def _session_params(payment: Payment, *, success_url: str, cancel_url: str, expires_at: datetime) -> dict:
    appointment = payment.appointment
    practitioner = payment.practitioner
    local = timezone.localtime(appointment.start, practitioner.zone)
    when = formats.date_format(local, "DATETIME_FORMAT")
    metadata = {"payment": str(payment.reference), "appointment": str(appointment.reference)}
    description = str(_("Téléconsultation du %(when)s (%(minutes)s min)")) % {
        "when": when,
        "minutes": appointment.duration_minutes,
    }
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency,
                    "unit_amount": payment.amount_cents,
                    "product_data": {
                        "name": str(_("Consultation avec %(name)s")) % {"name": practitioner.display_name},
                        "description": description,
                    },
                },
            }
        ],
        "metadata": metadata,
        "client_reference_id": str(appointment.reference),
        "customer_email": payment.person.email,
        "expires_at": int(expires_at.timestamp()),
        "locale": "en" if translation.get_language() == "en" else "fr",
        "success_url": success_url,
        "cancel_url": cancel_url,
        "payment_intent_data": {
            # A destination charge: the practitioner's account receives the amount, less the
            # platform's fee; refunds reverse both (see refunds.py).
            "application_fee_amount": payment.fee_cents,
            "transfer_data": {"destination": payment.destination_account},
            "metadata": metadata,  # the payment intent and its charge carry the reference too
            "description": description,
        },
    }


def start_checkout(appointment: Appointment, *, user, success_url: str, cancel_url: str, now=None) -> Payment:
    """The Checkout Session of a held appointment (created once: a double click, a second tab or
    the back button get the same one). Raises CheckoutRefused."""
    now = now or timezone.now()
    payment = _payment_to_start(appointment, user, now)
    if payment.is_settled:
        return payment
    failure = None
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("appointment", "practitioner", "person")
            .get(pk=payment.pk)
        )
        if payment.checkout_session_id:
            return payment
        expires_at = session_expiry(payment.appointment, now)
        params = _session_params(
            payment, success_url=success_url, cancel_url=cancel_url, expires_at=expires_at
        )
        # One key per appointment (and per failed attempt: Stripe replays an error under its key).
        key = f"checkout-{payment.appointment.reference}-{payment.checkout_attempts}"
        try:
            session = client().v1.checkout.sessions.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            failure = error
        else:
            payment.checkout_session_id = session.id
            payment.checkout_url = session.url or ""
            payment.expires_at = datetime.fromtimestamp(session.expires_at, UTC)
            payment.last_error = ""
            payment.save(
                update_fields=[
                    "checkout_session_id",
                    "checkout_url",
                    "expires_at",
                    "last_error",
                    "updated_at",
                ]
            )
            records.add_note(payment, f"checkout session {session.id}")
            return payment
    logger.warning("payments: checkout session for %s failed: %s", payment.reference, failure)
    Payment.objects.filter(pk=payment.pk).update(
        checkout_attempts=F("checkout_attempts") + 1, last_error=error_message(failure)
    )
    raise CheckoutRefused(_("Le paiement n’a pas pu être préparé. Réessayez dans un instant."))


# --- What Stripe says --------------------------------------------------------------------------------


def retrieve_session(session_id: str) -> dict:
    return as_dict(client().v1.checkout.sessions.retrieve(session_id, params={"expand": ["payment_intent"]}))


def sync_session(session_id: str, *, event_id: str = "") -> Payment | None:
    """Re-read the session at Stripe and apply its state; None if it is not one of ours."""
    if not Payment.objects.filter(checkout_session_id=session_id).exists():
        return None
    return apply_session(retrieve_session(session_id), event_id=event_id)


def apply_session(session: dict, *, event_id: str = "") -> Payment | None:
    """Apply a session's current state (complete and paid, expired, or still open) to its
    payment and appointment. Idempotent: applying the same state twice changes nothing."""
    with transaction.atomic():
        payment = records.locked_payment(session_id=session["id"], metadata=session.get("metadata"))
        if payment is None:
            return None
        if session.get("status") == "complete" and session.get("payment_status") == "paid":
            intent = session.get("payment_intent")
            if not isinstance(intent, dict):
                intent = as_dict(client().v1.payment_intents.retrieve(object_id(intent)))
            _record_paid(payment, intent, event_id=event_id)
        elif session.get("status") == "expired" and payment.status in Payment.PAYABLE:
            records.change_status(payment, Status.EXPIRED, note="checkout session expired", event_id=event_id)
            booking_services.release_hold(payment.appointment, note="checkout expired")
    return payment


def _record_paid(payment: Payment, intent: dict, *, event_id: str = "") -> None:
    """The money was taken: the payment's Stripe ids, its status, then the appointment."""
    first_time = payment.paid_at is None
    payment.payment_intent_id = intent.get("id") or payment.payment_intent_id
    payment.charge_id = object_id(intent.get("latest_charge")) or payment.charge_id
    if first_time:
        payment.paid_at = timezone.now()
    payment.last_error = ""
    payment.save(update_fields=["payment_intent_id", "charge_id", "paid_at", "last_error", "updated_at"])
    if payment.status in (*Payment.PAYABLE, Status.EXPIRED):
        records.change_status(payment, records.settled_status(payment), note="paid", event_id=event_id)
    if first_time:
        _confirm_or_refund(payment)
        # After the commit, and only the first time: a replayed event never gets here again.
        transaction.on_commit(lambda: signals.payment_succeeded.send(Payment, payment=payment))


def _confirm_or_refund(payment: Payment) -> None:
    """Confirm the appointment; if it can no longer be (the hold expired and the time was given
    to someone else, or the person cancelled while paying), refund everything once committed."""
    try:
        booking_services.confirm_appointment(payment.appointment, note="paid")
    except booking_services.BookingRefused as refused:
        logger.info("payments: %s paid but not confirmable (%s): full refund", payment.reference, refused)
        records.add_note(payment, "appointment no longer available: full refund")
        reference = payment.appointment.reference

        def refund():
            from .refunds import refund_payment

            refund_payment(
                Payment.objects.get(pk=payment.pk),
                amount_cents=payment.amount_cents,
                reason=Refund.Reason.UNAVAILABLE,
                key=f"refund-{reference}-unavailable",
            )

        transaction.on_commit(refund)


def record_payment_failure(intent: dict, *, event_id: str = "") -> Payment | None:
    """A declined card: the session stays open (the person may try again) unless the intent
    has succeeded since (the event is older than the state)."""
    with transaction.atomic():
        payment = records.locked_payment(intent_id=intent["id"], metadata=intent.get("metadata"))
        if payment is None:
            return None
        if intent.get("status") == "succeeded" or payment.status not in Payment.PAYABLE:
            return payment
        error = intent.get("last_payment_error") or {}
        payment.payment_intent_id = intent["id"]
        payment.last_error = (error.get("message") or error.get("code") or "payment failed")[:1000]
        payment.save(update_fields=["payment_intent_id", "last_error", "updated_at"])
        records.change_status(payment, Status.FAILED, note=error.get("code") or "", event_id=event_id)
    return payment


def abandon(payment: Payment) -> Payment:
    """The person gives the slot up before paying: the session is expired at Stripe (nobody can
    pay it any more), then its state applied; if it was paid meanwhile, the payment wins."""
    if payment.checkout_session_id and payment.status in Payment.PAYABLE:
        # No longer open (complete or expired): the re-read below applies what it is.
        with contextlib.suppress(stripe.InvalidRequestError):
            client().v1.checkout.sessions.expire(payment.checkout_session_id)
        return apply_session(retrieve_session(payment.checkout_session_id)) or payment
    if not payment.checkout_session_id:
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=payment.pk)
            records.change_status(locked, Status.EXPIRED, note="abandoned before checkout")
        booking_services.release_hold(payment.appointment, note="payment abandoned")
    return payment
