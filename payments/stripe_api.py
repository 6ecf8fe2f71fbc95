"""The one place that builds the Stripe client, and the plain dicts the services work with.

In production the SDK talks to Stripe; in dev and tests STRIPE_API_BASE points it at the local
stand-in (devtools/stripe_standin), which speaks the same HTTP API. Nothing else in the
project knows which one it is.
"""

from functools import lru_cache

import stripe
from django.conf import settings

# Automatic retries of network failures: the SDK sends an idempotency key with every POST it
# retries, so a retried create is never doubled.
NETWORK_RETRIES = 2


class PaymentsNotConfigured(Exception):
    pass


@lru_cache(maxsize=4)
def _client(api_key: str, api_base: str) -> stripe.StripeClient:
    options = {"max_network_retries": NETWORK_RETRIES}
    if api_base:
        # StripeClient does not read stripe.api_base: every base address it may use is given.
        options["base_addresses"] = {"api": api_base, "connect": api_base, "files": api_base}
    return stripe.StripeClient(api_key, **options)


def client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise PaymentsNotConfigured("STRIPE_SECRET_KEY is not set")
    return _client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE or "")


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def payments_required() -> bool:
    """Bookings wait for a payment: the setting is on and Stripe is configured."""
    return bool(getattr(settings, "BOOKING_REQUIRES_PAYMENT", False)) and is_configured()


def as_dict(obj) -> dict:
    """A Stripe object (or an already plain dict, e.g. an event's payload) as a plain dict."""
    if obj is None or isinstance(obj, dict):
        return obj
    return obj.to_dict()


def object_id(value) -> str:
    """The id of a field that may be expanded (a dict) or not (the id itself)."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def error_message(error: stripe.StripeError) -> str:
    """What Stripe said, short enough for a row and readable by an editor."""
    detail = getattr(error, "user_message", None) or str(error) or type(error).__name__
    code = getattr(error, "code", None)
    return (f"[{code}] {detail}" if code else detail)[:1000]
