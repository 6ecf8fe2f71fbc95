"""The parameters the stand-in accepts, per endpoint (see params.py for the schema language).

Only what this project sends or may send, plus Stripe's common options (expand). A parameter
Stripe accepts but that is missing here is refused with "Received unknown parameter": add it
here (and implement it if it changes the outcome).
"""

EXPAND = ["str"]

LIST = {
    "limit": "int",
    "starting_after": "str",
    "ending_before": "str",
    "created": "any",
    "expand": EXPAND,
}

RETRIEVE = {"expand": EXPAND}

ADDRESS = "any"

ACCOUNT_CREATE = {
    "type": "enum:express|standard|custom",
    "controller": "any",
    "country": "str",
    "email": "str",
    "business_type": "enum:individual|company|non_profit|government_entity",
    "capabilities": {
        "card_payments": {"requested": "bool"},
        "transfers": {"requested": "bool"},
    },
    "business_profile": {
        "mcc": "str",
        "name": "str",
        "product_description": "str",
        "support_email": "str",
        "support_phone": "str",
        "url": "str",
    },
    "default_currency": "str",
    "individual": "any",
    "metadata": "metadata",
    "settings": "any",
    "tos_acceptance": "any",
    "expand": EXPAND,
}

ACCOUNT_UPDATE = {
    key: ACCOUNT_CREATE[key]
    for key in ("email", "business_profile", "capabilities", "metadata", "settings", "expand")
}

ACCOUNT_LIST = dict(LIST)

ACCOUNT_LINK_CREATE = {
    "account": "str",
    "refresh_url": "str",
    "return_url": "str",
    "type": "enum:account_onboarding|account_update",
    "collect": "enum:currently_due|eventually_due",
    "collection_options": "any",
    "expand": EXPAND,
}

LOGIN_LINK_CREATE = {"expand": EXPAND}

SESSION_CREATE = {
    "mode": "enum:payment|setup|subscription",
    "ui_mode": "enum:hosted|embedded|custom",
    "line_items": [
        {
            "price": "str",
            "quantity": "int",
            "adjustable_quantity": "any",
            "price_data": {
                "currency": "str",
                "unit_amount": "int",
                "unit_amount_decimal": "str",
                "product": "str",
                "tax_behavior": "enum:exclusive|inclusive|unspecified",
                "product_data": {
                    "name": "str",
                    "description": "str",
                    "images": ["str"],
                    "metadata": "metadata",
                    "tax_code": "str",
                },
            },
        }
    ],
    "currency": "str",
    "metadata": "metadata",
    "expires_at": "int",
    "success_url": "str",
    "cancel_url": "str",
    "customer": "str",
    "customer_email": "str",
    "customer_creation": "enum:always|if_required",
    "client_reference_id": "str",
    "locale": "str",
    "payment_method_types": ["str"],
    "submit_type": "enum:auto|book|donate|pay|subscribe",
    "billing_address_collection": "enum:auto|required",
    "phone_number_collection": {"enabled": "bool"},
    "allow_promotion_codes": "bool",
    "automatic_tax": "any",
    "consent_collection": "any",
    "custom_text": "any",
    "invoice_creation": "any",
    "payment_intent_data": {
        "application_fee_amount": "int",
        "transfer_data": {"destination": "str", "amount": "int"},
        "on_behalf_of": "str",
        "metadata": "metadata",
        "description": "str",
        "receipt_email": "str",
        "capture_method": "enum:automatic|automatic_async|manual",
        "statement_descriptor": "str",
        "statement_descriptor_suffix": "str",
        "transfer_group": "str",
        "setup_future_usage": "enum:on_session|off_session",
    },
    "expand": EXPAND,
}

SESSION_LIST = {
    **LIST,
    "payment_intent": "str",
    "payment_link": "str",
    "customer": "str",
    "customer_details": "any",
    "status": "enum:open|complete|expired",
}

SESSION_EXPIRE = {"expand": EXPAND}

PAYMENT_INTENT_RETRIEVE = {"expand": EXPAND, "client_secret": "str"}

REFUND_CREATE = {
    "payment_intent": "str",
    "charge": "str",
    "amount": "int",
    "reason": "enum:duplicate|fraudulent|requested_by_customer",
    "metadata": "metadata",
    "reverse_transfer": "bool",
    "refund_application_fee": "bool",
    "instructions_email": "str",
    "expand": EXPAND,
}

REFUND_LIST = {**LIST, "charge": "str", "payment_intent": "str"}

EVENT_LIST = {**LIST, "type": "str", "types": ["str"], "delivery_success": "bool"}
