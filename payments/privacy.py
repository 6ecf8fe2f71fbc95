"""What payments hold about a person: their payments and refunds. Nothing in them names the
person (the account does): erasure keeps them whole, for the accounts of the platform and of
the practitioners. The refunds of cancelled appointments follow the booking handler's
cancellations (payments listens to booking's signal)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register
from privacy.values import choice

from .models import Payment


def export_payments(user) -> list[dict]:
    payments = (
        Payment.objects.filter(person=user)
        .select_related("appointment", "practitioner")
        .prefetch_related("refunds", "history")
        .order_by("created_at", "pk")
    )
    return [
        {
            "reference": str(payment.reference),
            "receipt_number": payment.receipt_number if payment.is_settled else "",
            "appointment": str(payment.appointment.reference),
            "practitioner": payment.practitioner.display_name,
            **choice(payment, "status"),
            "currency": payment.currency,
            "amount_cents": payment.amount_cents,
            "refunded_cents": payment.refunded_cents,
            "created_at": payment.created_at,
            "paid_at": payment.paid_at,
            "refunds": [
                {
                    "amount_cents": refund.amount_cents,
                    **choice(refund, "reason"),
                    **choice(refund, "status"),
                    "created_at": refund.created_at,
                }
                for refund in payment.refunds.all()
            ],
            "history": [
                {"at": change.at, **choice(change, "from_status"), **choice(change, "to_status")}
                for change in payment.history.all()
            ],
        }
        for payment in payments
    ]


def payments_kept(user) -> list[Kept]:
    if not Payment.objects.filter(person=user).exists():
        return []
    return [
        Kept(
            label=_("Vos paiements et remboursements (montants, dates, références, praticien)"),
            basis=_("Obligation comptable : pièces justificatives (article L123-22 du Code de commerce)"),
            until=_("10 ans après le paiement"),
        )
    ]


register(
    Handler(
        key="payments",
        label=_("Vos paiements"),
        export=export_payments,
        kept=payments_kept,
        models=("payments.Payment", "payments.Refund", "payments.PaymentStatusChange"),
        order=200,
    )
)
