"""Refunds (with transfer reversal and application fee refund), failed refunds, disputes."""

from . import schemas
from .common import money, random_id
from .errors import StripeError, invalid
from .params import check


class Refunds:
    def create_refund(self, params):
        params = check(params, schemas.REFUND_CREATE)
        charge = self._refundable_charge(params)
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining <= 0:
            raise StripeError(
                f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
            )
        amount = params.get("amount", remaining)
        if amount <= 0:
            raise invalid("amount", "Invalid positive integer", "parameter_invalid_integer")
        if amount > remaining:
            raise StripeError(
                f"Refund amount ({money(amount, charge['currency'])}) is greater than unrefunded amount "
                f"on charge ({money(remaining, charge['currency'])})",
                code="amount_too_large",
                param="amount",
            )
        refund = self.new(
            "refund",
            amount=amount,
            balance_transaction=random_id("balance_transaction"),
            charge=charge["id"],
            currency=charge["currency"],
            destination_details={
                "card": {"reference": None, "reference_status": "pending",
                         "reference_type": "acquirer_reference_number", "type": "refund"},
                "type": "card",
            },
            metadata=params.get("metadata", {}),
            payment_intent=charge["payment_intent"],
            reason=params.get("reason"),
            receipt_number=None,
            source_transfer_reversal=None,
            status="succeeded",
            transfer_reversal=None,
        )  # fmt: skip
        if params.get("reverse_transfer"):
            transfer = self.objects[charge["transfer"]]
            reversed_amount = min(
                round(transfer["amount"] * amount / charge["amount"]),
                transfer["amount"] - transfer["amount_reversed"],
            )
            reversal = {
                "id": random_id("transfer_reversal"),
                "object": "transfer_reversal",
                "amount": reversed_amount,
                "balance_transaction": random_id("balance_transaction"),
                "created": self.now(),
                "currency": transfer["currency"],
                "destination_payment_refund": random_id("refund").replace("re_", "pyr_"),
                "metadata": {},
                "source_refund": refund["id"],
                "transfer": transfer["id"],
            }
            transfer["amount_reversed"] += reversed_amount
            transfer["reversed"] = transfer["amount_reversed"] >= transfer["amount"]
            transfer["reversals"]["data"].insert(0, reversal)
            transfer["reversals"]["total_count"] += 1
            refund["transfer_reversal"] = reversal["id"]
        if params.get("refund_application_fee") and charge["application_fee"]:
            fee = self.objects[charge["application_fee"]]
            fee_refund_amount = min(
                round(fee["amount"] * amount / charge["amount"]), fee["amount"] - fee["amount_refunded"]
            )
            fee["amount_refunded"] += fee_refund_amount
            fee["refunded"] = fee["amount_refunded"] >= fee["amount"]
            fee["refunds"]["data"].insert(
                0,
                {
                    "id": random_id("fee_refund"),
                    "object": "fee_refund",
                    "amount": fee_refund_amount,
                    "balance_transaction": random_id("balance_transaction"),
                    "created": self.now(),
                    "currency": fee["currency"],
                    "fee": fee["id"],
                    "metadata": {},
                },
            )
            fee["refunds"]["total_count"] += 1
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        self.emit("refund.created", refund)
        self.emit("charge.refunded", charge)
        return self.render(refund, params.get("expand"))

    def _refundable_charge(self, params) -> dict:
        if "charge" not in params and "payment_intent" not in params:
            raise StripeError(
                "One of the following params should be provided for this request: payment_intent or charge."
            )
        if "payment_intent" in params:
            intent = self.get(params["payment_intent"], "payment_intent", "payment_intent")
            if intent["status"] != "succeeded":
                raise StripeError(
                    f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                    param="payment_intent",
                )
            charge = self.objects[intent["latest_charge"]]
            if params.get("charge", charge["id"]) != charge["id"]:
                raise invalid("charge", "The charge does not belong to this PaymentIntent.")
        else:
            charge = self.get(params["charge"], "charge", "charge")
        if charge["status"] != "succeeded":
            raise StripeError(
                f"Charge {charge['id']} has not succeeded: it cannot be refunded.", param="charge"
            )
        if params.get("reverse_transfer") and not charge["transfer"]:
            raise invalid(
                "reverse_transfer",
                "You can only reverse the transfer of a charge that has a transfer (destination charges).",
            )
        return charge

    def list_refunds(self, params):
        params = check(params, schemas.REFUND_LIST)
        refunds = self.of_kind("refund")
        for field in ("charge", "payment_intent"):
            if field in params:
                refunds = [refund for refund in refunds if refund[field] == params[field]]
        return self.paginate(refunds, "/v1/refunds", params)

    def fail_refund(self, refund_id: str, *, reason="expired_or_canceled_card") -> dict:
        """A refund that succeeded at first fails later, as card refunds can: the money is back
        on the platform, `refund.failed` and `charge.refund.updated`."""
        refund = self.get(refund_id, "refund")
        if refund["status"] == "failed":
            raise ValueError(f"{refund_id} has already failed")
        charge = self.objects[refund["charge"]]
        refund.update(
            status="failed",
            failure_reason=reason,
            failure_balance_transaction=random_id("balance_transaction"),
        )
        charge["amount_refunded"] -= refund["amount"]
        charge["refunded"] = False
        self.emit("refund.failed", refund)
        self.emit("charge.refund.updated", refund)
        return refund

    def dispute(self, charge_or_intent_id: str, *, reason="fraudulent") -> dict:
        """The cardholder disputes the payment: `charge.dispute.created`."""
        if charge_or_intent_id.startswith("pi_"):
            intent = self.get(charge_or_intent_id, "payment_intent")
            charge_or_intent_id = intent["latest_charge"]
        charge = self.get(charge_or_intent_id, "charge")
        dispute = self.new(
            "dispute",
            amount=charge["amount"] - charge["amount_refunded"],
            balance_transactions=[],
            charge=charge["id"],
            currency=charge["currency"],
            evidence={},
            evidence_details={"due_by": self.now() + 7 * 86400, "has_evidence": False,
                              "past_due": False, "submission_count": 0},
            is_charge_refundable=False,
            metadata={},
            payment_intent=charge["payment_intent"],
            reason=reason,
            status="needs_response",
        )  # fmt: skip
        charge["disputed"] = True
        self.emit("charge.dispute.created", dispute)
        return dispute
