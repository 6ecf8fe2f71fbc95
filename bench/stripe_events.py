"""Signed Stripe webhook deliveries for the bench, made the way Stripe makes them: an event as
pretty-printed JSON, `Stripe-Signature: t=<now>,v1=<HMAC-SHA256 of "{t}.{payload}">` with the
endpoint's secret (the one bench/run.py gives the server). Standard library only.

The events are of a type the site stores without calling Stripe back (`charge.succeeded`: the
payment is applied from `checkout.session.completed`), so the figure is the webhook's own cost:
signature check, the event row under its unique index, the commit. Production settings never
point the SDK at the local stand-in, and the bench must not call Stripe.
"""

import hashlib
import hmac
import itertools
import json
import os
import time

WEBHOOK_SECRET = "whsec_bench_only_not_a_real_secret"  # noqa: S105 - the bench server's own
_RUN = os.urandom(4).hex()
_counter = itertools.count(1)


def _event(event_id: str) -> dict:
    now = int(time.time())
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": now,
        "data": {
            "object": {
                "id": f"ch_bench{event_id[-12:]}",
                "object": "charge",
                "amount": 8500,
                "amount_captured": 8500,
                "amount_refunded": 0,
                "currency": "eur",
                "metadata": {"appointment": "00000000-0000-0000-0000-000000000000"},
                "paid": True,
                "payment_intent": f"pi_bench{event_id[-12:]}",
                "status": "succeeded",
            }
        },
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": "charge.succeeded",
    }


def signed(event: dict, secret: str = WEBHOOK_SECRET) -> tuple[bytes, dict]:
    payload = json.dumps(event, indent=2).encode()
    timestamp = int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": f"t={timestamp},v1={digest}",
    }
    return payload, headers


def new_event() -> tuple[bytes, dict]:
    """A delivery of a new event each time (a new row)."""
    return signed(_event(f"evt_bench{_RUN}{next(_counter):012d}"))


_REPLAYED = f"evt_bench{_RUN}replayed0000"


def replayed_event() -> tuple[bytes, dict]:
    """The same event again and again (a duplicate after the first), freshly signed."""
    return signed(_event(_REPLAYED))
