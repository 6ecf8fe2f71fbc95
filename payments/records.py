"""Writing a payment's status: every change goes through `change_status`, which appends the
history row; `settled_status` derives the status of a paid payment from its facts (refunds,
failed refund, dispute), so events in any order land on the same status."""

from django.db.models import Q

from .models import Payment, PaymentStatusChange, Refund

Status = Payment.Status


def change_status(payment: Payment, to_status: str, *, note: str = "", event_id: str = "") -> bool:
    """Set and save the status with its history row; False (and nothing written) if unchanged.
    Call it on a row locked by the caller (select_for_update)."""
    if payment.status == to_status:
        return False
    PaymentStatusChange.objects.create(
        payment=payment,
        from_status=payment.status,
        to_status=to_status,
        note=note[:255],
        stripe_event_id=event_id,
    )
    payment.status = to_status
    payment.save(update_fields=["status", "updated_at"])
    return True


def add_note(payment: Payment, note: str, *, event_id: str = "") -> None:
    """A history row that changes nothing (e.g. "late cancellation: no refund")."""
    PaymentStatusChange.objects.create(
        payment=payment,
        from_status=payment.status,
        to_status=payment.status,
        note=note[:255],
        stripe_event_id=event_id,
    )


def settled_status(payment: Payment) -> str:
    """The status of a payment whose money was taken, from what is known of it now."""
    latest = payment.refunds.order_by("-created_at", "-pk").first()
    if latest is not None and latest.status == Refund.Status.FAILED:
        return Status.REFUND_FAILED
    if payment.dispute_id:
        return Status.DISPUTED
    if payment.refunded_cents >= payment.amount_cents:
        return Status.REFUNDED
    if payment.refunded_cents > 0:
        return Status.PARTIALLY_REFUNDED
    return Status.PAID


def locked_payment(*, session_id: str = "", intent_id: str = "", charge_id: str = "", metadata=None):
    """The payment these Stripe ids (or the metadata we sent: payment reference) point at,
    locked for the rest of the transaction; None if it is not ours."""
    condition = Q()
    if session_id:
        condition |= Q(checkout_session_id=session_id)
    if intent_id:
        condition |= Q(payment_intent_id=intent_id)
    if charge_id:
        condition |= Q(charge_id=charge_id)
    reference = (metadata or {}).get("payment")
    if reference:
        condition |= Q(reference=_uuid_or_none(reference))
    if not condition:
        return None
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("appointment", "practitioner")
        .filter(condition)
        .first()
    )


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
