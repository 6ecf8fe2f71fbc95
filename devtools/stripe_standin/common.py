"""What every part of the stand-in shares: ids, money, lists, the request context."""

import re
import secrets
import string
from dataclasses import dataclass

from .errors import invalid

ALPHABET = string.ascii_letters + string.digits

# Prefix and length of the random part, as in Stripe's ids.
ID_FORMATS = {
    "account": ("acct_", 16),
    "account_link": ("", 0),
    "application_fee": ("fee_", 24),
    "balance_transaction": ("txn_", 24),
    "bank_account": ("ba_", 24),
    "charge": ("ch_", 24),
    "checkout.session": ("cs_test_", 58),
    "dispute": ("dp_", 24),
    "event": ("evt_", 24),
    "fee_refund": ("fr_", 24),
    "line_item": ("li_", 24),
    "payment_intent": ("pi_", 24),
    "payment_method": ("pm_", 24),
    "payment": ("py_", 24),
    "price": ("price_", 24),
    "product": ("prod_", 14),
    "refund": ("re_", 24),
    "request": ("req_", 14),
    "transfer": ("tr_", 24),
    "transfer_reversal": ("trr_", 24),
}

# URL collections of GET /v1/<collection>/<id>, by the object type they hold.
COLLECTIONS = {
    "accounts": "account",
    "checkout/sessions": "checkout.session",
    "payment_intents": "payment_intent",
    "charges": "charge",
    "refunds": "refund",
    "events": "event",
    "disputes": "dispute",
    "transfers": "transfer",
    "application_fees": "application_fee",
}

URL_PATTERN = re.compile(r"^https?://[^\s/]+\S*$")


def random_id(kind: str) -> str:
    prefix, length = ID_FORMATS[kind]
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length or 32))


def money(amount: int, currency: str) -> str:
    symbol = {"eur": "€", "usd": "$", "gbp": "£"}.get(currency, "")
    return f"{symbol}{amount / 100:.2f}" if symbol else f"{amount / 100:.2f} {currency.upper()}"


def empty_list(url: str) -> dict:
    return {"object": "list", "data": [], "has_more": False, "total_count": 0, "url": url}


def default_api_version() -> str:
    """The API version of the installed SDK (what it sends as Stripe-Version), for the events."""
    try:
        from stripe._api_version import _ApiVersion
    except ImportError:  # the stand-in itself does not need the SDK
        return "2025-01-27.acacia"
    return _ApiVersion.CURRENT


@dataclass
class Context:
    """The API request being served (None for simulated customer actions)."""

    request_id: str
    api_key: str
    idempotency_key: str | None = None
    stripe_account: str | None = None


def check_url(params: dict, name: str):
    if name in params and not URL_PATTERN.match(params[name]):
        raise invalid(name, "Not a valid URL", "url_invalid")
