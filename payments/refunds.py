"""Refunds: by the cancellation policy when an appointment is cancelled, in full when a payment
arrives for an appointment that can no longer take place, and whatever Stripe reports (a refund
made from the dashboard, a refund that failed later).

Every refund reverses the practitioner's transfer and refunds the platform's fee in proportion
(`reverse_transfer`, `refund_application_fee`): the money comes back from both. The idempotency
key is the cancellation's (`refund-<appointment>-cancellation`): a second signal, a retry or a
double click cannot refund twice. A refund that fails stays visible to editors with Stripe's
error (status "Remboursement en échec" in Paiements), and can be retried from there.
"""

from __future__ import annotations

import logging

import stripe
from django.db import transaction
from django.utils import timezone

from booking.models import Appointment

from . import checkout, records, signals
from .models import Payment, Refund
from .stripe_api import as_dict, client, error_message, object_id

logger = logging.getLogger(__name__)
Status = Payment.Status

_STRIPE_REFUND_STATUS = {
    "succeeded": Refund.Status.SUCCEEDED,
    "pending": Refund.Status.PENDING,
    "requires_action": Refund.Status.PENDING,
    "failed": Refund.Status.FAILED,
    "canceled": Refund.Status.FAILED,
}


def _key(refund: Refund) -> str:
    # A retry after an error needs a new key (Stripe replays the error under the old one).
    return (
        refund.idempotency_key if refund.attempts == 0 else f"{refund.idempotency_key}-retry{refund.attempts}"
    )


def refund_payment(payment: Payment, *, amount_cents: int, reason: str, key: str) -> Refund | None:
    """Ask Stripe for a refund once per `key`; returns the Refund row (None if nothing is due)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        refund = Refund.objects.filter(idempotency_key=key).first()
        if refund is not None:
            # Already asked (done, pending or failed): the same cancellation, again. A failed
            # one is retried by an editor (`retry`), with a new key.
            return refund
        amount = min(amount_cents, payment.amount_cents - payment.refunded_cents)
        if amount <= 0 or not payment.payment_intent_id:
            return None
        refund = Refund.objects.create(
            payment=payment, amount_cents=amount, reason=reason, idempotency_key=key
        )
    return _send(refund)


def retry(refund: Refund) -> Refund:
    """An editor retries a failed refund (after reading Stripe's error)."""
    if refund.status != Refund.Status.FAILED:
        return refund
    payment = refund.payment
    if payment.charge_id:
        sync_charge(payment.charge_id)  # it may have succeeded at Stripe after all
        refund.refresh_from_db()
        if refund.status != Refund.Status.FAILED:
            return refund
    Refund.objects.filter(pk=refund.pk).update(attempts=refund.attempts + 1)
    refund.refresh_from_db()
    return _send(refund)


def _send(refund: Refund) -> Refund:
    """The Stripe call, outside any transaction: the Refund row is committed first, so the
    `charge.refunded` webhook (which may arrive before this call returns) finds it."""
    payment = refund.payment
    params = {
        "payment_intent": payment.payment_intent_id,
        "amount": refund.amount_cents,
        "reason": "requested_by_customer",
        "reverse_transfer": True,
        "refund_application_fee": True,
        "metadata": {
            "payment": str(payment.reference),
            "appointment": str(payment.appointment.reference),
            "refund": str(refund.pk),
        },
    }
    try:
        created = as_dict(
            client().v1.refunds.create(params=params, options={"idempotency_key": _key(refund)})
        )
    except stripe.StripeError as error:
        logger.error("payments: refund %s of payment %s failed: %s", refund.pk, payment.reference, error)
        with transaction.atomic():
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            Refund.objects.filter(pk=refund.pk).update(
                status=Refund.Status.FAILED, error=error_message(error), updated_at=timezone.now()
            )
            payment.last_error = error_message(error)
            payment.save(update_fields=["last_error", "updated_at"])
            records.change_status(payment, Status.REFUND_FAILED, note=f"refund {refund.pk} failed")
        refund.refresh_from_db()
        return refund
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        _apply_refund(refund, created)
    if payment.charge_id:
        sync_charge(payment.charge_id)  # totals and status from the charge itself
    refund.refresh_from_db()
    return refund


def _apply_refund(refund: Refund, stripe_refund: dict) -> None:
    """Inside the caller's transaction; the signal goes out after its commit, on the one change
    to "succeeded" (a re-read of a refund already succeeded sends nothing)."""
    succeeded_before = refund.pk is not None and refund.status == Refund.Status.SUCCEEDED
    refund.stripe_refund_id = stripe_refund["id"]
    refund.status = _STRIPE_REFUND_STATUS.get(stripe_refund.get("status"), Refund.Status.PENDING)
    if refund.status == Refund.Status.FAILED:
        refund.error = stripe_refund.get("failure_reason") or refund.error or "failed"
    elif refund.status == Refund.Status.SUCCEEDED:
        refund.error = ""
    refund.save()
    if refund.status == Refund.Status.SUCCEEDED and not succeeded_before:
        transaction.on_commit(lambda: signals.refund_issued.send(Refund, refund=refund))


def sync_charge(charge_id: str, *, event_id: str = "") -> Payment | None:
    """Re-read a charge and its refunds at Stripe: refunded amounts (the fee's too), each
    refund's status, refunds made elsewhere. A refund event that arrives before the payment's
    applies the session first, so the order of events does not matter."""
    charge = as_dict(client().v1.charges.retrieve(charge_id, params={"expand": ["application_fee"]}))
    intent_id = object_id(charge.get("payment_intent"))
    with transaction.atomic():
        payment = records.locked_payment(
            charge_id=charge_id, intent_id=intent_id, metadata=charge.get("metadata")
        )
        if payment is None:
            return None
        if payment.paid_at is None and payment.checkout_session_id:
            checkout.apply_session(checkout.retrieve_session(payment.checkout_session_id), event_id=event_id)
            payment = records.locked_payment(session_id=payment.checkout_session_id)
        listed = client().v1.refunds.list(params={"charge": charge_id, "limit": 100})
        for stripe_refund in (as_dict(item) for item in listed.data):
            _reconcile(payment, stripe_refund)
        fee = charge.get("application_fee")
        payment.refunded_cents = min(int(charge.get("amount_refunded") or 0), payment.amount_cents)
        payment.fee_refunded_cents = int(fee.get("amount_refunded") or 0) if isinstance(fee, dict) else 0
        payment.charge_id = charge_id
        payment.save(update_fields=["refunded_cents", "fee_refunded_cents", "charge_id", "updated_at"])
        if payment.paid_at is not None:
            records.change_status(
                payment, records.settled_status(payment), note="charge re-read", event_id=event_id
            )
    return payment


def _reconcile(payment: Payment, stripe_refund: dict) -> None:
    refund = Refund.objects.select_for_update().filter(stripe_refund_id=stripe_refund["id"]).first()
    if refund is None:
        ours = (stripe_refund.get("metadata") or {}).get("refund")
        if ours and str(ours).isdigit():
            refund = Refund.objects.select_for_update().filter(pk=int(ours), payment=payment).first()
    if refund is None:
        refund = Refund(
            payment=payment, amount_cents=int(stripe_refund.get("amount") or 0), reason=Refund.Reason.EXTERNAL
        )
    _apply_refund(refund, stripe_refund)


def sync_refund(refund_id: str, *, event_id: str = "") -> Payment | None:
    """A refund changed at Stripe (e.g. failed after the fact): re-read its charge."""
    stripe_refund = as_dict(client().v1.refunds.retrieve(refund_id))
    charge_id = object_id(stripe_refund.get("charge"))
    return sync_charge(charge_id, event_id=event_id) if charge_id else None


def record_dispute(dispute_id: str, *, event_id: str = "") -> Payment | None:
    """The cardholder disputes the payment: editors see it (status "Contesté")."""
    dispute = as_dict(client().v1.disputes.retrieve(dispute_id))
    with transaction.atomic():
        payment = records.locked_payment(
            charge_id=object_id(dispute.get("charge")), intent_id=object_id(dispute.get("payment_intent"))
        )
        if payment is None:
            return None
        payment.dispute_id = dispute["id"]
        payment.last_error = f"dispute {dispute.get('reason') or ''} ({dispute.get('status') or ''})".strip()
        payment.save(update_fields=["dispute_id", "last_error", "updated_at"])
        records.change_status(payment, records.settled_status(payment), note="dispute", event_id=event_id)
    return payment


# --- Booking's cancellations -----------------------------------------------------------------------


def on_appointment_cancelled(
    sender, *, appointment: Appointment, refund_cents: int, by_practitioner: bool, **_
):
    """booking.signals.appointment_cancelled (sent after the cancellation is committed)."""
    payment = Payment.objects.select_related("appointment").filter(appointment_id=appointment.pk).first()
    if payment is None:
        return
    try:
        if payment.status in Payment.PAYABLE:
            # Cancelled before paying: nobody may pay this session any more (if it was paid
            # meanwhile, the payment is applied and refunded in full: see checkout).
            checkout.abandon(payment)
            return
        if not payment.is_settled:
            return
        if refund_cents <= 0:
            with transaction.atomic():
                locked = Payment.objects.select_for_update().get(pk=payment.pk)
                records.add_note(locked, "cancelled after the deadline: no refund")
            return
        reason = (
            Refund.Reason.CANCELLED_BY_PRACTITIONER if by_practitioner else Refund.Reason.CANCELLED_BY_USER
        )
        refund_payment(
            payment,
            amount_cents=refund_cents,
            reason=reason,
            key=f"refund-{appointment.reference}-cancellation",
        )
    except stripe.StripeError:
        # The cancellation stands; what failed is logged and, for a refund, kept on its row.
        logger.exception("payments: after the cancellation of %s", appointment.reference)
