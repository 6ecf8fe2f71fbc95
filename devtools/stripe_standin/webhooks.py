"""Webhook payloads, signatures and delivery, as Stripe sends them.

Stripe signs `"{t}.{payload}"` with HMAC-SHA256 keyed by the endpoint's signing secret
(`whsec_...`, used as is) and sends `Stripe-Signature: t=<unix time>,v1=<hex digest>`; the
timestamp is the time of the delivery attempt, so a replayed old delivery fails the SDK's
tolerance check (300 s by default). This is an independent implementation: the tests check it
against the SDK's `stripe.Webhook.construct_event`.

Stripe sends platform events to the platform's endpoints and events that happen on a connected
account (e.g. its `account.updated`; the event carries `account`) to the Connect endpoints,
which have their own URL and secret. The stand-in does the same when given a Connect endpoint,
and otherwise sends both kinds to the one endpoint.
"""

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger("devtools.stripe_standin")

# Never through an HTTP proxy from the environment: the endpoint is local.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def payload_of(event: dict) -> bytes:
    """The body Stripe posts: the event as pretty-printed JSON."""
    return json.dumps(event, indent=2).encode()


def signature_header(payload: bytes | str, secret: str, timestamp: int) -> str:
    if isinstance(payload, str):
        payload = payload.encode()
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_delivery(event: dict, secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    """(payload, Stripe-Signature header) of one delivery of `event`, signed now or at `timestamp`."""
    payload = payload_of(event)
    return payload, signature_header(payload, secret, int(time.time()) if timestamp is None else timestamp)


# A target is a URL or, in-process, a callable (payload, headers) → HTTP status.
Target = str | Callable[[bytes, dict], int]


@dataclass
class Endpoint:
    target: Target
    secret: str
    enabled_events: set[str] | None = None  # None: every event ("*")
    connect: bool = False  # receives the events of connected accounts

    def wants(self, event: dict) -> bool:
        if bool(event.get("account")) != self.connect:
            return False
        return self.enabled_events is None or event["type"] in self.enabled_events


@dataclass
class Dispatcher:
    """Delivers events to the endpoints: "sync" (in the caller's thread, before its HTTP answer:
    the webhook has been handled when the customer is redirected), "thread" (one background
    thread, in order, after `delay` seconds: closer to Stripe's asynchrony) or "none" (recorded
    only; tests fetch the events and post them themselves)."""

    endpoints: list[Endpoint]
    mode: str = "sync"
    clock: Callable[[], float] = time.time
    record: Callable[[dict], None] = lambda attempt: None
    delay: float = 0.0
    timeout: float = 10.0
    _queue: queue.Queue = field(default_factory=queue.Queue)
    _thread: threading.Thread | None = None

    def __post_init__(self):
        if self.mode not in ("sync", "thread", "none"):
            raise ValueError(f"delivery mode {self.mode!r}: use sync, thread or none")

    def start(self):
        if self.mode == "thread" and self._thread is None:
            self._thread = threading.Thread(target=self._work, name="stripe-standin-webhooks", daemon=True)
            self._thread.start()

    def stop(self):
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=self.timeout + 1)
            self._thread = None

    def dispatch(self, events: list[dict]):
        if self.mode == "none":
            return
        for event in events:
            if self.mode == "sync":
                self.deliver(event)
            else:
                self._queue.put(event)

    def _work(self):
        while (event := self._queue.get()) is not None:
            if self.delay:
                time.sleep(self.delay)
            self.deliver(event)

    def deliver(self, event: dict, endpoints: list[Endpoint] | None = None) -> list[dict]:
        """One delivery attempt of `event` to each endpoint that wants it; the attempts."""
        attempts = []
        for endpoint in self.endpoints if endpoints is None else endpoints:
            if endpoints is None and not endpoint.wants(event):
                continue
            attempts.append(self._post(event, endpoint))
        return attempts

    def _post(self, event: dict, endpoint: Endpoint) -> dict:
        payload, header = signed_delivery(event, endpoint.secret, int(self.clock()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": header,
        }
        attempt = {
            "event": event["id"],
            "type": event["type"],
            "target": endpoint.target if isinstance(endpoint.target, str) else repr(endpoint.target),
            "at": int(self.clock()),
            "status": None,
            "error": None,
        }
        try:
            if callable(endpoint.target):
                attempt["status"] = endpoint.target(payload, headers)
            else:
                # The endpoint URL comes from the developer's own command line or test.
                request = urllib.request.Request(  # noqa: S310
                    endpoint.target, data=payload, headers=headers, method="POST"
                )
                with _opener.open(request, timeout=self.timeout) as response:
                    attempt["status"] = response.status
        except urllib.error.HTTPError as error:
            attempt["status"] = error.code
            attempt["error"] = error.read(500).decode(errors="replace")
        except Exception as error:  # a delivery failure is recorded, never raised into the API call
            attempt["error"] = f"{type(error).__name__}: {error}"
        level = logging.INFO if attempt["status"] and 200 <= attempt["status"] < 300 else logging.WARNING
        logger.log(level, "webhook %s %s → %s %s", event["type"], event["id"], attempt["target"],
                   attempt["status"] or attempt["error"])  # fmt: skip
        self.record(attempt)
        return attempt
