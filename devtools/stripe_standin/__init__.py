"""A local Stripe for tests and `make run`: the official SDK runs unchanged against it.

    from devtools.stripe_standin import StandIn

    with StandIn(webhook_url="http://127.0.0.1:8000/stripe/webhook/") as stripe_local:
        client = stripe_local.client()          # stripe.StripeClient pointed at it
        ...
        stripe_local.pay(session_id)            # what the customer does on the hosted page

See README.md in this directory. Never imported by the site's code.
"""

from .server import DEFAULT_WEBHOOK_SECRET, TEST_API_KEY, StandIn
from .webhooks import signature_header, signed_delivery

__all__ = ["DEFAULT_WEBHOOK_SECRET", "TEST_API_KEY", "StandIn", "signature_header", "signed_delivery"]
