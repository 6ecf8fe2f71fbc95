"""Stripe's webhooks: the signature checked with the SDK, each event stored by its id in the
same transaction as its effect, and each effect computed from the object's current state.

Why it holds:
  - a forged, unsigned, stale (outside the SDK's 300 s tolerance) or otherwise signed payload
    is refused before anything is read or written (`verify` → 400);
  - the event row (`StripeEvent.event_id` is unique) is inserted first, inside the transaction
    of the effect: a replay finds it and stops; a concurrent duplicate waits on the unique index
    until the first commits, then stops; if the effect fails, both roll back and Stripe retries;
  - handlers never trust the event's snapshot or its order: they re-read the session, charge,
    refund, dispute or account at Stripe (checkout, refunds and connect modules).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from . import checkout, connect, refunds
from .models import StripeEvent
from .stripe_api import as_dict, client

logger = logging.getLogger(__name__)
Outcome = StripeEvent.Outcome
DUPLICATE = "duplicate"


class InvalidWebhook(Exception):
    pass


def signing_secrets() -> list[str]:
    """The platform endpoint's secret and, if it has its own, the Connect endpoint's."""
    candidates = (settings.STRIPE_WEBHOOK_SECRET, getattr(settings, "STRIPE_CONNECT_WEBHOOK_SECRET", ""))
    return [secret for secret in candidates if secret]


def verify(payload: bytes, signature: str | None) -> dict:
    """The event, if `signature` is Stripe's for this payload, now, with one of our secrets."""
    secrets = signing_secrets()
    if not signature or not secrets:
        raise InvalidWebhook("missing signature" if secrets else "no webhook secret configured")
    for secret in secrets:
        try:
            stripe.Webhook.construct_event(payload, signature, secret)
        except stripe.SignatureVerificationError:
            continue
        except ValueError as error:  # not UTF-8 or not JSON, yet signed: still refused
            raise InvalidWebhook("invalid payload") from error
        event = json.loads(payload)
        if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
            raise InvalidWebhook("not an event")
        return event
    raise InvalidWebhook("bad signature")


# --- Handlers: event → effect, from the object's current state -------------------------------------


def _object(event: dict) -> dict:
    return (event.get("data") or {}).get("object") or {}


def _session(event: dict):
    return checkout.sync_session(_object(event)["id"], event_id=event["id"])


def _payment_failed(event: dict):
    intent = as_dict(client().v1.payment_intents.retrieve(_object(event)["id"]))
    return checkout.record_payment_failure(intent, event_id=event["id"])


def _charge(event: dict):
    return refunds.sync_charge(_object(event)["id"], event_id=event["id"])


def _refund(event: dict):
    return refunds.sync_refund(_object(event)["id"], event_id=event["id"])


def _dispute(event: dict):
    return refunds.record_dispute(_object(event)["id"], event_id=event["id"])


def _account(event: dict):
    return connect.sync_account(event.get("account") or _object(event)["id"])


HANDLERS = {
    "checkout.session.completed": _session,
    "checkout.session.async_payment_succeeded": _session,
    "checkout.session.async_payment_failed": _session,
    "checkout.session.expired": _session,
    "payment_intent.payment_failed": _payment_failed,
    "charge.refunded": _charge,
    "charge.refund.updated": _refund,
    "refund.updated": _refund,
    "refund.failed": _refund,
    "charge.dispute.created": _dispute,
    "account.updated": _account,
}


def process(event: dict) -> str:
    """Handle a verified event once: "processed", "ignored" (a type we do not handle, or an
    object that is not ours) or "duplicate" (already handled)."""
    obj = _object(event)
    event_id = str(event["id"])[:255]
    if StripeEvent.objects.filter(event_id=event_id).exists():
        return DUPLICATE  # a replay, cheaply; a concurrent duplicate is stopped by the index below
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    event_id=event_id,
                    type=str(event["type"])[:100],
                    account=str(event.get("account") or "")[:64],
                    object_id=str(obj.get("id") or "")[:255],
                    livemode=bool(event.get("livemode")),
                    created=_timestamp(event.get("created")),
                )
        except IntegrityError:
            return DUPLICATE
        handler = HANDLERS.get(event["type"])
        if handler is None:
            return Outcome.IGNORED
        result = handler(event)
        if result is None:
            record.note = "not ours"
            record.save(update_fields=["note"])
            return Outcome.IGNORED
        record.outcome = Outcome.PROCESSED
        record.save(update_fields=["outcome"])
    return Outcome.PROCESSED


def _timestamp(value):
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None
