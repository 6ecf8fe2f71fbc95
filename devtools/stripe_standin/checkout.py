"""Checkout Sessions (mode=payment, hosted) and what the customer does on the hosted page:
pay (a payment intent, its charge, a destination transfer and application fee), have the card
declined, or let the session expire."""

import re
import time

from . import schemas
from .common import check_url, empty_list, money, random_id
from .errors import StripeError, invalid, missing
from .params import check

MIN_SESSION_LIFETIME = 30 * 60  # Stripe: expires_at is 30 minutes to 24 hours after creation
MAX_SESSION_LIFETIME = 24 * 60 * 60
MINIMUM_CHARGE = {"eur": 50, "usd": 50, "gbp": 30, "chf": 50}


class Checkout:
    def create_session(self, params):
        params = check(params, schemas.SESSION_CREATE)
        if "mode" not in params:
            raise missing("mode")
        if params["mode"] != "payment":
            raise invalid("mode", "The local Stripe stand-in supports mode=payment only.")
        if params.get("ui_mode", "hosted") != "hosted":
            raise invalid("ui_mode", "The local Stripe stand-in supports ui_mode=hosted only.")
        line_items, currency, total = self._line_items(params.get("line_items"))
        if total < MINIMUM_CHARGE.get(currency, 50):
            minimum = MINIMUM_CHARGE.get(currency, 50)
            raise StripeError(
                f"The Checkout Session's total amount due must add up to at least "
                f"{money(minimum, currency)} {currency}",
                param="line_items",
            )
        now = self.now()
        expires_at = params.get("expires_at", now + MAX_SESSION_LIFETIME)
        if not now + MIN_SESSION_LIFETIME <= expires_at <= now + MAX_SESSION_LIFETIME:
            raise invalid(
                "expires_at",
                "The `expires_at` timestamp must be between 30 minutes and 24 hours after the "
                f"Checkout Session is created (now: {now}, got: {expires_at}).",
            )
        for name in ("success_url", "cancel_url"):
            check_url(params, name)
        email = params.get("customer_email")
        if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise invalid("customer_email", f"Invalid email address: {email}", "email_invalid")
        reference = params.get("client_reference_id")
        if reference is not None and len(reference) > 200:
            raise invalid("client_reference_id", "client_reference_id must be at most 200 characters.")
        intent_data = self._payment_intent_data(params.get("payment_intent_data", {}), total)
        session = self.new(
            "checkout.session",
            adaptive_pricing=None,
            after_expiration=None,
            allow_promotion_codes=params.get("allow_promotion_codes"),
            amount_subtotal=total,
            amount_total=total,
            automatic_tax={"enabled": False, "liability": None, "status": None},
            billing_address_collection=params.get("billing_address_collection"),
            cancel_url=params.get("cancel_url"),
            client_reference_id=reference,
            client_secret=None,
            consent=None,
            consent_collection=None,
            created=now,
            currency=currency,
            custom_fields=[],
            custom_text={"after_submit": None, "shipping_address": None, "submit": None},
            customer=params.get("customer"),
            customer_creation=params.get("customer_creation", "if_required"),
            customer_details=None,
            customer_email=email,
            expires_at=expires_at,
            invoice=None,
            invoice_creation=None,
            livemode=False,
            locale=params.get("locale"),
            metadata=params.get("metadata", {}),
            mode="payment",
            payment_intent=None,  # created when the customer pays (API 2022-08-01 and later)
            payment_link=None,
            payment_method_collection="if_required",
            payment_method_options={"card": {"request_three_d_secure": "automatic"}},
            payment_method_types=params.get("payment_method_types", ["card"]),
            payment_status="unpaid",
            phone_number_collection={"enabled": False},
            recovered_from=None,
            setup_intent=None,
            shipping_address_collection=None,
            shipping_cost=None,
            status="open",
            submit_type=params.get("submit_type"),
            subscription=None,
            success_url=params.get("success_url"),
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            ui_mode="hosted",
            url=None,
        )
        session["url"] = f"{self.base_url}/c/pay/{session['id']}"
        self.private[session["id"]] = {"line_items": line_items, "payment_intent_data": intent_data}
        return self.render(session, params.get("expand"))

    def _line_items(self, items):
        if not items:
            raise missing("line_items")
        currency, total, rendered = None, 0, []
        for index, item in enumerate(items):
            name = f"line_items[{index}]"
            if "price" in item:
                raise invalid(f"{name}[price]", "The local Stripe stand-in supports price_data only.")
            price_data = item.get("price_data")
            if not price_data:
                raise missing(f"{name}[price_data]")
            quantity = item.get("quantity")
            if quantity is None:
                raise missing(f"{name}[quantity]")
            if quantity < 1:
                raise invalid(f"{name}[quantity]", "Quantity must be greater than or equal to 1.")
            item_currency = price_data.get("currency")
            if not item_currency:
                raise missing(f"{name}[price_data][currency]")
            item_currency = item_currency.lower()
            if not re.fullmatch(r"[a-z]{3}", item_currency):
                raise invalid(f"{name}[price_data][currency]", f"Invalid currency: {item_currency}")
            if currency and item_currency != currency:
                raise invalid(f"{name}[price_data][currency]", "All line items must use the same currency.")
            currency = item_currency
            unit_amount = price_data.get("unit_amount")
            if unit_amount is None:
                raise missing(f"{name}[price_data][unit_amount]")
            if unit_amount < 0:
                raise invalid(f"{name}[price_data][unit_amount]", "unit_amount must be non-negative.")
            product = price_data.get("product_data")
            if not product or not product.get("name"):
                raise missing(f"{name}[price_data][product_data][name]")
            amount = unit_amount * quantity
            total += amount
            rendered.append(
                {
                    "id": random_id("line_item"),
                    "object": "item",
                    "amount_discount": 0,
                    "amount_subtotal": amount,
                    "amount_tax": 0,
                    "amount_total": amount,
                    "currency": currency,
                    "description": product["name"],
                    "price": {
                        "id": random_id("price"),
                        "object": "price",
                        "active": False,
                        "billing_scheme": "per_unit",
                        "created": self.now(),
                        "currency": currency,
                        "livemode": False,
                        "lookup_key": None,
                        "metadata": {},
                        "nickname": None,
                        "product": random_id("product"),
                        "recurring": None,
                        "tax_behavior": price_data.get("tax_behavior", "unspecified"),
                        "type": "one_time",
                        "unit_amount": unit_amount,
                        "unit_amount_decimal": str(unit_amount),
                    },
                    "quantity": quantity,
                    # Kept for the hosted page; Stripe shows the product's description there too.
                    "product_description": product.get("description"),
                }
            )
        return rendered, currency, total

    def _payment_intent_data(self, data: dict, total: int) -> dict:
        prefix = "payment_intent_data"
        fee = data.get("application_fee_amount")
        transfer = data.get("transfer_data", {})
        destination = transfer.get("destination")
        if "transfer_data" in data and not destination:
            raise missing(f"{prefix}[transfer_data][destination]")
        if data.get("capture_method") == "manual":
            raise invalid(
                f"{prefix}[capture_method]", "The local Stripe stand-in captures automatically only."
            )
        if fee is not None:
            if not destination and not data.get("on_behalf_of"):
                raise invalid(
                    f"{prefix}[application_fee_amount]",
                    "Can only apply an application_fee_amount when the PaymentIntent is attempting a "
                    "direct payment (using an OAuth key or Stripe-Account header) or destination payment "
                    "(using `transfer_data[destination]`).",
                )
            if fee < 0 or fee > total:
                raise invalid(
                    f"{prefix}[application_fee_amount]",
                    "The application fee amount must be between 0 and the amount of the payment.",
                )
            if "amount" in transfer:
                raise invalid(
                    f"{prefix}[application_fee_amount]",
                    "You cannot specify both application_fee_amount and transfer_data[amount].",
                )
        if destination:
            param = f"{prefix}[transfer_data][destination]"
            account = self.objects.get(destination)
            if not account or account.get("object") != "account":
                raise StripeError(
                    f"No such destination: '{destination}'", code="resource_missing", param=param
                )
            if account["capabilities"].get("transfers") != "active":
                raise StripeError(
                    "Your destination account needs to have at least one of the following capabilities "
                    "enabled: transfers, crypto_transfers, legacy_payments",
                    code="insufficient_capabilities_for_transfer",
                    param=param,
                )
        return data

    def retrieve_session(self, params, *, id):
        params = check(params, schemas.RETRIEVE)
        return self.render(self.get(id, "checkout.session"), params.get("expand"))

    def list_sessions(self, params):
        params = check(params, schemas.SESSION_LIST)
        sessions = self.of_kind("checkout.session")
        for field in ("payment_intent", "status", "customer", "payment_link"):
            if field in params:
                sessions = [session for session in sessions if session.get(field) == params[field]]
        return self.paginate(sessions, "/v1/checkout/sessions", params)

    def _line_items_list(self, session_id, params):
        items = [
            {key: value for key, value in item.items() if key != "product_description"}
            for item in self.private[session_id]["line_items"]
        ]
        return self.paginate(list(reversed(items)), f"/v1/checkout/sessions/{session_id}/line_items", params)

    def session_line_items(self, params, *, id):
        params = check(params, schemas.LIST)
        self.get(id, "checkout.session")
        return self._line_items_list(id, params)

    def expire_session_api(self, params, *, id):
        params = check(params, schemas.SESSION_EXPIRE)
        session = self.get(id, "checkout.session")
        if session["status"] != "open":
            raise StripeError(
                f'Only Checkout Sessions with a status in ["open"] can be expired. This session '
                f'has status "{session["status"]}".',
                param="session",
            )
        self.expire_session(id)
        return self.render(session, params.get("expand"))

    def expire_session(self, session_id: str) -> dict:
        """The session ends unpaid (as at its expires_at): `checkout.session.expired`."""
        session = self.get(session_id, "checkout.session")
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        session.update(status="expired", url=None)
        intent = self.objects.get(session["payment_intent"] or "")
        if intent and intent["status"] != "succeeded":
            intent.update(status="canceled", canceled_at=self.now(), cancellation_reason="abandoned")
            self.emit("payment_intent.canceled", intent)
        self.emit("checkout.session.expired", session)
        return session

    def expire_due(self):
        """Open sessions past their expires_at expire, as Stripe does on its own."""
        now = self.now()
        for session in self.of_kind("checkout.session"):
            if session["status"] == "open" and session["expires_at"] <= now:
                self.expire_session(session["id"])

    # --- The customer on the hosted page: pay, or fail to ---------------------------------------------

    def _intent_for(self, session: dict) -> dict:
        if session["payment_intent"]:
            return self.objects[session["payment_intent"]]
        data = self.private[session["id"]]["payment_intent_data"]
        transfer = data.get("transfer_data")
        intent = self.new(
            "payment_intent",
            amount=session["amount_total"],
            amount_capturable=0,
            amount_details={"tip": {}},
            amount_received=0,
            application=None,
            application_fee_amount=data.get("application_fee_amount"),
            automatic_payment_methods=None,
            canceled_at=None,
            cancellation_reason=None,
            capture_method=data.get("capture_method", "automatic_async"),
            client_secret=None,
            confirmation_method="automatic",
            currency=session["currency"],
            customer=session["customer"],
            description=data.get("description"),
            last_payment_error=None,
            latest_charge=None,
            metadata=data.get("metadata", {}),  # payment_intent_data[metadata], not the session's
            next_action=None,
            on_behalf_of=data.get("on_behalf_of"),
            payment_method=None,
            payment_method_configuration_details=None,
            payment_method_options={"card": {"request_three_d_secure": "automatic"}},
            payment_method_types=["card"],
            processing=None,
            receipt_email=data.get("receipt_email"),
            review=None,
            setup_future_usage=data.get("setup_future_usage"),
            shipping=None,
            statement_descriptor=data.get("statement_descriptor"),
            statement_descriptor_suffix=data.get("statement_descriptor_suffix"),
            status="requires_payment_method",
            transfer_data=dict(transfer) if transfer else None,
            transfer_group=data.get("transfer_group"),
        )  # fmt: skip
        intent["client_secret"] = f"{intent['id']}_secret_{random_id('request')[4:]}"
        if transfer and not intent["transfer_group"]:
            intent["transfer_group"] = f"group_{intent['id']}"
        session["payment_intent"] = intent["id"]
        return intent

    def _charge(self, session, intent, *, succeeded: bool, decline: dict | None = None) -> dict:
        email = session["customer_email"] or "client.test@example.com"
        payment_method = random_id("payment_method")
        return self.new(
            "charge",
            amount=intent["amount"],
            amount_captured=intent["amount"] if succeeded else 0,
            amount_refunded=0,
            application=None,
            application_fee=None,
            application_fee_amount=intent["application_fee_amount"] if succeeded else None,
            balance_transaction=random_id("balance_transaction") if succeeded else None,
            billing_details={
                "address": dict.fromkeys(("city", "country", "line1", "line2", "postal_code", "state")),
                "email": email,
                "name": None,
                "phone": None,
            },
            calculated_statement_descriptor="STRIPE STAND-IN",
            captured=succeeded,
            currency=intent["currency"],
            customer=intent["customer"],
            description=intent["description"],
            disputed=False,
            failure_balance_transaction=None,
            failure_code=None if succeeded else decline["code"],
            failure_message=None if succeeded else decline["message"],
            fraud_details={},
            metadata=dict(intent["metadata"]),
            on_behalf_of=intent["on_behalf_of"],
            outcome=(
                {"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                 "risk_score": 20, "seller_message": "Payment complete.", "type": "authorized"}
                if succeeded
                else {"network_status": "declined_by_network", "reason": decline["decline_code"],
                      "risk_level": "normal", "risk_score": 20,
                      "seller_message": "The bank did not return any further details with this decline.",
                      "type": "issuer_declined"}
            ),
            paid=succeeded,
            payment_intent=intent["id"],
            payment_method=payment_method,
            payment_method_details={
                "card": {"brand": "visa", "country": "FR", "exp_month": 12,
                         "exp_year": time.gmtime(self.clock()).tm_year + 3, "funding": "credit",
                         "last4": "4242" if succeeded else "0002", "network": "visa"},
                "type": "card",
            },
            receipt_email=intent["receipt_email"],
            receipt_number=None,
            receipt_url=None,
            refunded=False,
            review=None,
            shipping=None,
            source_transfer=None,
            statement_descriptor=intent["statement_descriptor"],
            statement_descriptor_suffix=intent["statement_descriptor_suffix"],
            status="succeeded" if succeeded else "failed",
            transfer=None,
            transfer_data=(
                {"amount": None, **intent["transfer_data"]} if intent["transfer_data"] else None
            ),
            transfer_group=intent["transfer_group"],
        )  # fmt: skip

    def pay(self, session_id: str) -> dict:
        """The customer pays on the hosted page: charge, payment intent succeeded, session
        complete and paid; events charge.succeeded, payment_intent.succeeded,
        checkout.session.completed (in that order, as Stripe usually sends them)."""
        session = self.get(session_id, "checkout.session")
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        intent = self._intent_for(session)
        charge = self._charge(session, intent, succeeded=True)
        charge["receipt_url"] = f"{self.base_url}/receipts/{charge['id']}"
        if intent["transfer_data"]:
            destination = intent["transfer_data"]["destination"]
            # Destination charge: the amount (or transfer_data[amount]) goes to the connected
            # account, and the application fee comes back to the platform.
            transfer = self.new(
                "transfer",
                amount=intent["transfer_data"].get("amount", intent["amount"]),
                amount_reversed=0,
                balance_transaction=random_id("balance_transaction"),
                currency=intent["currency"],
                description=None,
                destination=destination,
                destination_payment=random_id("payment"),
                metadata={},
                reversals=None,
                reversed=False,
                source_transaction=charge["id"],
                source_type="card",
                transfer_group=intent["transfer_group"],
            )
            transfer["reversals"] = empty_list(f"/v1/transfers/{transfer['id']}/reversals")
            charge["transfer"] = transfer["id"]
            if intent["application_fee_amount"] is not None:
                fee = self.new(
                    "application_fee",
                    account=destination,
                    amount=intent["application_fee_amount"],
                    amount_refunded=0,
                    application="ca_standin",
                    balance_transaction=random_id("balance_transaction"),
                    charge=charge["id"],
                    currency=intent["currency"],
                    originating_transaction=None,
                    refunded=False,
                    refunds=None,
                )
                fee["refunds"] = empty_list(f"/v1/application_fees/{fee['id']}/refunds")
                charge["application_fee"] = fee["id"]
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            latest_charge=charge["id"],
            payment_method=charge["payment_method"],
            last_payment_error=None,
        )
        session.update(
            status="complete",
            payment_status="paid",
            url=None,
            customer_details={
                "address": dict.fromkeys(("city", "country", "line1", "line2", "postal_code", "state")),
                "email": charge["billing_details"]["email"],
                "name": None,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        )
        self.emit("charge.succeeded", charge)
        self.emit("payment_intent.succeeded", intent)
        self.emit("checkout.session.completed", session)
        return session

    def fail_payment(self, session_id: str, *, code="card_declined", decline_code="generic_decline") -> dict:
        """A declined card: a failed charge, the payment intent back to requires_payment_method
        with last_payment_error; charge.failed and payment_intent.payment_failed. The session stays
        open (the customer may try again, or let it expire)."""
        session = self.get(session_id, "checkout.session")
        if session["status"] != "open":
            raise ValueError(f"{session_id} is {session['status']}, not open")
        messages = {
            "card_declined": "Your card was declined.",
            "expired_card": "Your card has expired.",
            "incorrect_cvc": "Your card's security code is incorrect.",
            "processing_error": "An error occurred while processing your card. Try again in a little bit.",
        }
        decline = {
            "code": code,
            "decline_code": decline_code,
            "message": messages.get(code, "Your card was declined."),
        }
        intent = self._intent_for(session)
        charge = self._charge(session, intent, succeeded=False, decline=decline)
        intent.update(
            status="requires_payment_method",
            latest_charge=charge["id"],
            last_payment_error={
                "charge": charge["id"],
                "code": code,
                "decline_code": decline_code,
                "doc_url": f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}",
                "message": decline["message"],
                "payment_method": {
                    "id": charge["payment_method"],
                    "object": "payment_method",
                    "type": "card",
                },
                "type": "card_error",
            },
        )
        self.emit("charge.failed", charge)
        self.emit("payment_intent.payment_failed", intent)
        return intent

    def retrieve_payment_intent(self, params, *, id):
        params = check(params, schemas.PAYMENT_INTENT_RETRIEVE)
        return self.render(self.get(id, "payment_intent"), params.get("expand"))
