"""The HTTP server (standard library only) and `StandIn`, the object tests and the CLI drive.

State is in memory, in the server's process; with `state_file` it is also saved as JSON after
every call and reloaded at start, so `make run` can restart the stand-in without losing the
practitioners' connected accounts that the site's database still points at.
"""

import copy
import json
import logging
import os
import re
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from . import pages
from .core import Backend, empty_state
from .errors import StripeError
from .webhooks import Dispatcher, Endpoint, Target
from .webhooks import signed_delivery as _signed_delivery

logger = logging.getLogger("devtools.stripe_standin")

TEST_API_KEY = "sk_test_standin"
DEFAULT_WEBHOOK_SECRET = "whsec_standin"  # noqa: S105 - a test secret, known on purpose


class StandIn:
    """A local Stripe. `with StandIn() as stripe_local: ...` or `.start()` / `.stop()`.

    webhook_url: where events are posted (a URL, or a callable (payload, headers) → status);
        None: events are only recorded (see `events`, `signed_delivery`, `deliver`).
    connect_webhook_url / connect_webhook_secret: the Connect endpoint for events on connected
        accounts (`account.updated`); by default the same endpoint and secret as the platform's.
    enabled_events: event types to deliver (default: all).
    delivery: "sync" (before answering the request that caused them), "thread" or "none".
    clock: the stand-in's time (default time.time, so time-machine moves it too).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        webhook_url: Target | None = None,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        connect_webhook_url: Target | None = None,
        connect_webhook_secret: str | None = None,
        enabled_events: list[str] | None = None,
        delivery: str = "sync",
        delivery_delay: float = 0.0,
        state_file: str | None = None,
        clock=time.time,
        api_version: str | None = None,
        public_url: str | None = None,
        quiet: bool = True,
    ):
        self.host, self.port = host, port
        self.public_url = public_url.rstrip("/") if public_url else None
        self.state_file = state_file
        self.quiet = quiet
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        data = self._load() if state_file else None
        self.backend = Backend(base_url=lambda: self.url, clock=clock, api_version=api_version, data=data)
        self._enabled_events = set(enabled_events) if enabled_events else None
        self.webhook_secret = webhook_secret
        self.dispatcher = Dispatcher(
            endpoints=[],
            mode=delivery,
            clock=clock,
            record=self._record_delivery,
            delay=delivery_delay,
        )
        self.set_webhook_endpoint(webhook_url, webhook_secret)
        self.set_webhook_endpoint(
            connect_webhook_url or webhook_url, connect_webhook_secret or webhook_secret, connect=True
        )

    # --- Life cycle --------------------------------------------------------------------------------

    def start(self) -> "StandIn":
        server = _Server((self.host, self.port), _Handler)
        server.standin = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="stripe-standin", daemon=True
        )
        self._thread.start()
        self.dispatcher.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.dispatcher.stop()

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self) -> str:
        """The base URL: what the SDK's api_base is set to, and the origin of the hosted pages."""
        return self.public_url or f"http://{self.host}:{self.port}"

    # --- Pointing the SDK at it ------------------------------------------------------------------

    def configure_sdk(self, api_key: str = TEST_API_KEY):
        """Module-level SDK calls (stripe.checkout.Session.create(...)) go here; returns a
        function that puts the previous settings back."""
        import stripe

        previous = (stripe.api_base, stripe.connect_api_base, stripe.upload_api_base, stripe.api_key)
        stripe.api_base = stripe.connect_api_base = stripe.upload_api_base = self.url
        stripe.api_key = api_key

        def restore():
            stripe.api_base, stripe.connect_api_base, stripe.upload_api_base, stripe.api_key = previous

        return restore

    def client(self, api_key: str = TEST_API_KEY, **options):
        """A stripe.StripeClient whose every base address is the stand-in."""
        import stripe

        addresses = {"api": self.url, "connect": self.url, "files": self.url, "meter_events": self.url}
        return stripe.StripeClient(api_key, base_addresses=addresses, **options)

    # --- Webhook endpoints ---------------------------------------------------------------------------

    def set_webhook_endpoint(
        self, target: Target | None, secret: str | None = None, *, connect: bool = False
    ):
        """Where (and with which secret) platform events, or with connect=True the events of
        connected accounts, are delivered from now on. target None: not delivered."""
        endpoints = [e for e in self.dispatcher.endpoints if e.connect != connect]
        if target is not None:
            endpoints.append(
                Endpoint(target, secret or self.webhook_secret, self._enabled_events, connect=connect)
            )
        self.dispatcher.endpoints = endpoints

    # --- Serialised access to the backend -----------------------------------------------------------

    def _call(self, function, *args, **kwargs):
        """Runs `function` on the backend under the lock, saves, then delivers its events."""
        with self._lock:
            try:
                result = function(*args, **kwargs)
            finally:
                events = self.backend.take_outbox()
                self._save()
            result = copy.deepcopy(result)
        self.dispatcher.dispatch(events)
        return result

    def _api(self, method, path, query_pairs, body_pairs, headers):
        return self._call(self.backend.handle, method, path, query_pairs, body_pairs, headers)

    def _record_delivery(self, attempt: dict):
        with self._lock:
            self.backend.data["deliveries"].append(attempt)
            self._save()

    def _load(self) -> dict | None:
        if not os.path.exists(self.state_file):
            return None
        with open(self.state_file, encoding="utf-8") as file:
            data = json.load(file)
        return {**empty_state(), **data}

    def _save(self):
        if not self.state_file:
            return
        directory = os.path.dirname(os.path.abspath(self.state_file))
        os.makedirs(directory, exist_ok=True)
        temporary = f"{self.state_file}.tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(self.backend.data, file)
        os.replace(temporary, self.state_file)

    # --- What the customer, the practitioner or Stripe does (for tests and the dev pages) ----------

    def complete_onboarding(self, account_id: str, *, charges_enabled=True, payouts_enabled=True) -> dict:
        """The practitioner finishes Stripe's onboarding → `account.updated` (Connect endpoint)."""
        return self._call(
            self.backend.complete_onboarding,
            account_id,
            charges_enabled=charges_enabled,
            payouts_enabled=payouts_enabled,
        )

    def set_account(self, account_id: str, **changes) -> dict:
        """Stripe changes an account (e.g. charges_enabled=False) → `account.updated`."""
        return self._call(self.backend.set_account, account_id, **changes)

    def pay(self, session_id: str) -> dict:
        """The customer pays → charge.succeeded, payment_intent.succeeded, checkout.session.completed."""
        return self._call(self.backend.pay, session_id)

    def fail_payment(self, session_id: str, *, code="card_declined", decline_code="generic_decline") -> dict:
        """The card is declined → charge.failed, payment_intent.payment_failed; the session stays open."""
        return self._call(self.backend.fail_payment, session_id, code=code, decline_code=decline_code)

    def expire_session(self, session_id: str) -> dict:
        """The session expires now → checkout.session.expired."""
        return self._call(self.backend.expire_session, session_id)

    def expire_due(self):
        """Sessions past their expires_at expire (the stand-in also does it on every request)."""
        return self._call(self.backend.expire_due)

    def fail_refund(self, refund_id: str, *, reason="expired_or_canceled_card") -> dict:
        """A refund fails after the fact → refund.failed, charge.refund.updated."""
        return self._call(self.backend.fail_refund, refund_id, reason=reason)

    def dispute(self, charge_or_intent_id: str, *, reason="fraudulent") -> dict:
        """The cardholder disputes → charge.dispute.created."""
        return self._call(self.backend.dispute, charge_or_intent_id, reason=reason)

    def inject_error(
        self,
        method: str,
        path: str,
        *,
        message: str,
        status: int = 402,
        type: str = "card_error",
        code: str | None = None,
        param: str | None = None,
        times: int = 1,
    ):
        """The next `times` API calls matching method and path (a regex: "/v1/refunds",
        "/v1/checkout/sessions") fail with this Stripe error. Like any error during execution,
        it is saved under the request's idempotency key: a retry with the same key gets it again."""
        error = StripeError(message, status=status, type=type, code=code, param=param)
        with self._lock:
            self.backend.injected_errors.append(
                {"method": method.upper(), "path": path, "error": error, "times": times}
            )

    def reset(self):
        """Forget everything (objects, events, idempotency keys, deliveries, injected errors)."""
        self._call(self.backend.reset)

    # --- Reading what happened -------------------------------------------------------------------------

    def get(self, object_id: str) -> dict:
        """Any object by id, as the stand-in holds it now."""
        with self._lock:
            return copy.deepcopy(self.backend.objects[object_id])

    def events(self, type: str | None = None) -> list[dict]:
        """The events, oldest first, optionally of one type."""
        with self._lock:
            events = self.backend.of_kind("event")
            return copy.deepcopy([e for e in events if type is None or e["type"] == type])

    def last_event(self, type: str | None = None) -> dict:
        events = self.events(type)
        if not events:
            raise LookupError(f"no {type or ''} event".replace("  ", " "))
        return events[-1]

    @property
    def deliveries(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self.backend.data["deliveries"])

    def signed_delivery(
        self, event: dict | str, *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        """(payload, Stripe-Signature) of a delivery of this event (or event id), signed with the
        platform secret (or `secret`) at the stand-in's current time (or `timestamp`)."""
        if isinstance(event, str):
            event = self.get(event)
        if timestamp is None:
            timestamp = self.backend.now()
        return _signed_delivery(event, secret or self.webhook_secret, timestamp)

    def deliver(
        self, event: dict | str, target: Target | None = None, *, secret: str | None = None
    ) -> list[dict]:
        """Delivers an event again (now, in this thread), to its usual endpoints or to `target`."""
        if isinstance(event, str):
            event = self.get(event)
        endpoints = None
        if target is not None:
            endpoints = [Endpoint(target, secret or self.webhook_secret)]
        return self.dispatcher.deliver(event, endpoints)

    def settings_summary(self) -> dict:
        return {
            "api_base": self.url,
            "delivery": self.dispatcher.mode,
            "endpoints": ", ".join(
                f"{'connect' if e.connect else 'platform'} → {e.target}" for e in self.dispatcher.endpoints
            )
            or "none",
            "state_file": self.state_file or "(memory)",
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    standin: StandIn


CONTROL_ROUTES = [
    (r"/_standin/checkout/sessions/(?P<id>[^/]+)/pay", "pay"),
    (r"/_standin/checkout/sessions/(?P<id>[^/]+)/fail", "fail_payment"),
    (r"/_standin/checkout/sessions/(?P<id>[^/]+)/expire", "expire_session"),
    (r"/_standin/accounts/(?P<id>[^/]+)/complete_onboarding", "complete_onboarding"),
    (r"/_standin/charges/(?P<id>[^/]+)/dispute", "dispute"),
    (r"/_standin/refunds/(?P<id>[^/]+)/fail", "fail_refund"),
    (r"/_standin/events/(?P<id>[^/]+)/redeliver", "deliver"),
]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StripeStandIn/1.0"
    timeout = 60  # idle keep-alive connections end
    # One send per response (headers and body together, flushed after the request) and no Nagle:
    # otherwise each API call waits ~40 ms for a delayed ACK.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_DELETE(self):
        self._serve("DELETE")

    def log_message(self, format, *args):
        if not self.server.standin.quiet:
            logger.info("%s %s", self.address_string(), format % args)

    # --- Answers ---------------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload, headers: dict | None = None):
        self._send(status, json.dumps(payload, indent=2).encode(), "application/json", headers)

    def _html(self, status: int, html: str):
        self._send(status, html.encode(), "text/html; charset=utf-8")

    def _redirect(self, location: str):
        self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", {"Location": location})

    # --- Dispatch ---------------------------------------------------------------------------------------

    def _serve(self, method: str):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        query = parse_qsl(url.query, keep_blank_values=True)
        standin = self.server.standin
        path = url.path
        if path.startswith("/v1/") or path == "/v1":
            headers = {name.lower(): value for name, value in self.headers.items()}
            pairs = parse_qsl(body, keep_blank_values=True) if method == "POST" else []
            status, payload, extra = standin._api(method, path, query, pairs, headers)
            extra["Stripe-Version"] = headers.get("stripe-version", standin.backend.api_version)
            self._json(status, payload, extra)
            return
        try:
            self._page(method, path, dict(query))
        except StripeError as error:
            self._json(error.status, error.body())
        except KeyError as error:
            self._json(
                HTTPStatus.NOT_FOUND,
                {"error": {"type": "standin_error", "message": f"No such object: {error}"}},
            )
        except ValueError as error:
            self._json(HTTPStatus.CONFLICT, {"error": {"type": "standin_error", "message": str(error)}})

    def _page(self, method: str, path: str, query: dict):
        standin = self.server.standin
        if method == "GET" and path in ("/", "/_standin", "/_standin/"):
            with standin._lock:
                html = pages.overview(
                    standin.backend.objects, standin.backend.data["deliveries"], standin.settings_summary()
                )
            return self._html(200, html)
        if path.startswith("/_standin/"):
            return self._control(method, path, query)
        if match := re.fullmatch(r"/c/pay/(?P<id>[^/]+)(?:/(?P<action>pay|cancel|fail))?", path):
            return self._checkout(method, match["id"], match["action"])
        if match := re.fullmatch(r"/setup/e/(?P<account>[^/]+)/(?P<token>[^/]+)(?:/(?P<action>\w+))?", path):
            return self._onboarding(method, match["token"], match["action"])
        if method == "GET" and (match := re.fullmatch(r"/express/(?P<id>acct_\w+)", path)):
            return self._html(200, pages.express_dashboard(standin.get(match["id"])))
        if method == "GET" and (match := re.fullmatch(r"/receipts/(?P<id>ch_\w+)", path)):
            return self._html(200, pages.receipt(standin.get(match["id"])))
        self._html(404, pages.message("Page inconnue du Stripe local."))

    def _session(self, session_id: str) -> dict:
        standin = self.server.standin
        standin.expire_due()
        try:
            session = standin.get(session_id)
        except KeyError:
            session = None
        if not session or session.get("object") != "checkout.session":
            raise StripeError(f"No such checkout.session: '{session_id}'", status=404)
        return session

    def _checkout(self, method: str, session_id: str, action: str | None):
        standin = self.server.standin
        session = self._session(session_id)
        lang = pages.language(session.get("locale"))
        texts = pages.TEXTS[lang]
        if session["status"] == "complete":
            if session["success_url"]:
                return self._redirect(session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]))
            return self._html(200, pages.message(texts["paid"], lang))
        if session["status"] == "expired":
            return self._html(410, pages.message(texts["expired"], lang, session["cancel_url"]))
        if method == "GET" and action is None:
            with standin._lock:
                line_items = copy.deepcopy(standin.backend.private[session_id]["line_items"])
                intent = copy.deepcopy(standin.backend.objects.get(session["payment_intent"] or ""))
            return self._html(200, pages.checkout(session, line_items, intent))
        if method != "POST" or action is None:
            return self._html(405, pages.message("Méthode non permise."))
        if action == "pay":
            standin.pay(session_id)
            return self._checkout("GET", session_id, None)  # → success_url
        if action == "fail":
            standin.fail_payment(session_id)
            return self._redirect(f"/c/pay/{session_id}")
        # Cancel: Stripe changes nothing (the session stays open until it expires).
        if session["cancel_url"]:
            return self._redirect(session["cancel_url"])
        return self._html(200, pages.message(texts["cancelled"], lang))

    def _onboarding(self, method: str, token: str, action: str | None):
        standin = self.server.standin
        with standin._lock:
            link = copy.deepcopy(standin.backend.onboarding_link(token))
        if link is None:
            return self._html(404, pages.message("Lien d'inscription inconnu."))
        if link["used"] or link["expires_at"] < standin.backend.now():
            # Stripe: an expired or already used link sends the practitioner to refresh_url.
            return self._redirect(link["refresh_url"])
        if method == "GET" and action is None:
            return self._html(200, pages.onboarding(standin.get(link["account"]), self.path.split("?")[0]))
        if method != "POST" or action not in ("complete", "pending", "leave"):
            return self._html(405, pages.message("Méthode non permise."))
        with standin._lock:
            standin.backend.private[token]["used"] = True
            standin._save()
        if action == "complete":
            standin.complete_onboarding(link["account"])
        elif action == "pending":
            standin.complete_onboarding(link["account"], charges_enabled=False, payouts_enabled=False)
        return self._redirect(link["return_url"])

    def _control(self, method: str, path: str, query: dict):
        """A small JSON API for tests and scripts that run the stand-in in another process."""
        standin = self.server.standin
        from_form = "text/html" in self.headers.get("Accept", "")
        if method == "GET" and path == "/_standin/events":
            return self._json(200, {"object": "list", "data": standin.events(query.get("type"))})
        if method == "POST" and path == "/_standin/reset":
            standin.reset()
            return self._json(200, {"reset": True})
        for pattern, action in CONTROL_ROUTES:
            match = re.fullmatch(pattern, path)
            if match and method == "POST":
                result = getattr(standin, action)(match["id"])
                if from_form:
                    return self._redirect("/")
                return self._json(200, result)
        self._json(404, {"error": {"type": "standin_error", "message": f"Unknown control URL {path}"}})
