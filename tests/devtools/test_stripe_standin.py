"""The local Stripe stand-in, driven by the real SDK (stripe 16) over HTTP.

One stand-in for the module (a thread on a free port), emptied before each test; its webhooks go
to a small recording HTTP server, and are checked with the SDK's own signature verification.
"""

import html
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode

import pytest
import stripe
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from stripe._encode import _api_encode

from devtools.stripe_standin import StandIn, signed_delivery
from devtools.stripe_standin.params import decode

SECRET = "whsec_module_test_secret"
CONNECT_SECRET = "whsec_connect_test_secret"


# --- Fixtures --------------------------------------------------------------------------------------


class Receiver:
    """A webhook endpoint that records what it is sent."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.arrived:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    receiver.arrived.notify_all()
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self, path="/platform/"):
        return [json.loads(r["body"]) for r in self.requests if r["path"] == path]

    def types(self, path="/platform/"):
        return [event["type"] for event in self.events(path)]

    def last(self, event_type, path="/platform/"):
        return next(
            r
            for r in reversed(self.requests)
            if r["path"] == path and json.loads(r["body"])["type"] == event_type
        )

    def wait_for(self, count, timeout=5):
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.requests) >= count, timeout), self.requests

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def stripe_local(receiver):
    with StandIn(
        webhook_url=f"{receiver.url}/platform/",
        webhook_secret=SECRET,
        connect_webhook_url=f"{receiver.url}/connect/",
        connect_webhook_secret=CONNECT_SECRET,
    ) as stand_in:
        yield stand_in


@pytest.fixture
def local(stripe_local, receiver):
    """The stand-in, empty, with the module-level SDK pointed at it (no retries: fast failures)."""
    stripe_local.reset()
    receiver.requests.clear()
    receiver.status = 200
    restore = stripe_local.configure_sdk()
    retries, stripe.max_network_retries = stripe.max_network_retries, 0
    yield stripe_local
    stripe.max_network_retries = retries
    restore()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_browser = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def browse(url, data=None):
    """A click: GET, or POST a form; (status, headers, body) without following redirects."""
    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 - the stand-in's http:// URLs
    try:
        with _browser.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def new_account(**params):
    return stripe.Account.create(
        type="express", country="FR", capabilities={"transfers": {"requested": True}}, **params
    )


def onboarded_account(local, email="praticien@example.com"):
    account = stripe.Account.create(
        type="express",
        country="FR",
        email=email,
        capabilities={"card_payments": {"requested": True}, "transfers": {"requested": True}},
    )
    local.complete_onboarding(account.id)
    return account.id


def session_params(destination, **overrides):
    params = {
        "mode": "payment",
        "currency": "eur",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 8500,
                    "product_data": {"name": "Téléconsultation", "description": "Lundi 3 mars, 10 h"},
                },
                "quantity": 1,
            }
        ],
        "metadata": {"appointment": "42"},
        "client_reference_id": "appointment-42",
        "customer_email": "patient@example.com",
        "expires_at": int(time.time()) + 45 * 60,
        "success_url": "http://site.test/paiement/ok/?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://site.test/paiement/annule/",
        "locale": "fr",
        "payment_intent_data": {
            "application_fee_amount": 1275,
            "transfer_data": {"destination": destination},
            "metadata": {"appointment": "42"},
        },
    }
    params.update(overrides)
    return params


# --- Form decoding ---------------------------------------------------------------------------------


def test_stripe_bracket_syntax_decodes_to_nested_objects_and_lists():
    pairs = parse_qsl(
        "metadata[appointment]=1&payment_intent_data[transfer_data][destination]=acct_x"
        "&line_items[0][price_data][unit_amount]=8500&line_items[1][quantity]=2"
        "&expand[]=payment_intent&expand[]=line_items&customer_email=a%2Bb%40example.com"
    )
    assert decode(pairs) == {
        "metadata": {"appointment": "1"},
        "payment_intent_data": {"transfer_data": {"destination": "acct_x"}},
        "line_items": [{"price_data": {"unit_amount": "8500"}}, {"quantity": "2"}],
        "expand": ["payment_intent", "line_items"],
        "customer_email": "a+b@example.com",
    }


_keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
_scalars = st.one_of(st.text(max_size=12), st.integers(-(10**9), 10**9))
# Objects nest; arrays hold scalars or objects, as in Stripe's API (the SDK would send a boolean
# directly in an array as "True", which Stripe never asks for).
_values = st.recursive(
    st.one_of(_scalars, st.booleans()),
    lambda children: st.one_of(
        st.dictionaries(_keys, children, min_size=1, max_size=4),
        st.lists(
            st.one_of(_scalars, st.dictionaries(_keys, children, min_size=1, max_size=3)),
            min_size=1,
            max_size=12,
        ),
    ),
    max_leaves=12,
)


def _as_sent(value):
    """What a value becomes on the wire: strings ("true", "12")."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return {key: _as_sent(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_sent(item) for item in value]
    return str(value)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_keys, _values, min_size=1, max_size=5))
def test_what_the_sdk_encodes_decodes_back(params):
    body = urlencode(list(_api_encode(params)))
    assert decode(parse_qsl(body, keep_blank_values=True)) == _as_sent(params)


# --- Connect -----------------------------------------------------------------------------------------


def test_express_account_starts_restricted_then_onboarding_page_enables_it_and_notifies(local, receiver):
    account = stripe.Account.create(
        type="express",
        country="FR",
        email="praticien@example.com",
        capabilities={"card_payments": {"requested": True}, "transfers": {"requested": True}},
        metadata={"practitioner": "7"},
    )
    assert account.id.startswith("acct_")
    assert (account.object, account.type, account.country, account.livemode) == (
        "account",
        "express",
        "FR",
        False,
    )
    assert account.details_submitted is False
    assert account.charges_enabled is False
    assert account.payouts_enabled is False
    assert account.capabilities.to_dict() == {"card_payments": "inactive", "transfers": "inactive"}
    assert account.requirements.currently_due

    link = stripe.AccountLink.create(
        account=account.id,
        refresh_url="http://site.test/stripe/refresh/",
        return_url="http://site.test/stripe/retour/",
        type="account_onboarding",
    )
    assert link.object == "account_link"
    assert link.url.startswith(local.url)
    assert link.expires_at > link.created

    status, _, page = browse(link.url)
    assert status == 200
    assert "Terminer l'inscription" in html.unescape(page)
    status, headers, _ = browse(f"{link.url}/complete", {})
    assert (status, headers["Location"]) == (303, "http://site.test/stripe/retour/")

    account = stripe.Account.retrieve(account.id)
    assert account.details_submitted is True
    assert account.charges_enabled is True
    assert account.payouts_enabled is True
    assert account.capabilities.to_dict() == {"card_payments": "active", "transfers": "active"}
    assert account.requirements.currently_due == []
    assert account.metadata.to_dict() == {"practitioner": "7"}

    # account.updated is an event on the connected account: the Connect endpoint, its secret.
    delivery = receiver.last("account.updated", "/connect/")
    event = stripe.Webhook.construct_event(
        delivery["body"], delivery["headers"]["Stripe-Signature"], CONNECT_SECRET
    )
    assert event.account == account.id
    assert event.data.object.charges_enabled is True
    assert event.data.previous_attributes.charges_enabled is False
    assert receiver.types("/platform/") == []

    # An account link works once; afterwards it sends the practitioner to refresh_url.
    status, headers, _ = browse(link.url)
    assert (status, headers["Location"]) == (303, "http://site.test/stripe/refresh/")


def test_leaving_onboarding_returns_without_enabling_anything(local, receiver):
    account = new_account()
    link = stripe.AccountLink.create(
        account=account.id,
        refresh_url="http://site.test/r/",
        return_url="http://site.test/ret/",
        type="account_onboarding",
    )
    status, headers, _ = browse(f"{link.url}/leave", {})
    assert (status, headers["Location"]) == (303, "http://site.test/ret/")
    assert stripe.Account.retrieve(account.id).details_submitted is False
    assert receiver.requests == []


def test_stripe_can_restrict_an_account_later(local, receiver):
    account_id = onboarded_account(local)
    local.set_account(account_id, charges_enabled=False)
    assert stripe.Account.retrieve(account_id).charges_enabled is False
    assert receiver.types("/connect/") == ["account.updated", "account.updated"]


def test_login_link_needs_a_finished_onboarding(local):
    account = new_account()
    with pytest.raises(stripe.InvalidRequestError):
        stripe.Account.create_login_link(account.id)
    local.complete_onboarding(account.id)
    login = stripe.Account.create_login_link(account.id)
    assert login.object == "login_link"
    assert browse(login.url)[0] == 200


# --- Checkout Sessions ------------------------------------------------------------------------------


def test_checkout_session_with_destination_charge_and_fee_has_stripes_shape(local):
    destination = onboarded_account(local)
    client = local.client()
    session = client.v1.checkout.sessions.create(params=session_params(destination))
    assert session.id.startswith("cs_test_")
    assert (session.object, session.mode, session.status, session.payment_status) == (
        "checkout.session",
        "payment",
        "open",
        "unpaid",
    )
    assert (session.amount_total, session.currency, session.livemode) == (8500, "eur", False)
    assert session.metadata.to_dict() == {"appointment": "42"}
    assert session.client_reference_id == "appointment-42"
    assert session.customer_email == "patient@example.com"
    assert session.payment_intent is None  # created when the customer pays
    assert session.url == f"{local.url}/c/pay/{session.id}"
    assert isinstance(session.created, int)

    again = client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["payment_intent", "line_items"]}
    )
    assert again.id == session.id
    assert again.line_items.data[0].amount_total == 8500
    assert again.line_items.data[0].description == "Téléconsultation"
    found = client.v1.checkout.sessions.list(params={"limit": 3})
    assert [s.id for s in found.data] == [session.id]


def test_destination_without_active_transfers_is_refused(local):
    account = new_account()
    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.checkout.Session.create(**session_params(account.id))
    assert error.value.param == "payment_intent_data[transfer_data][destination]"
    with pytest.raises(stripe.InvalidRequestError, match="No such destination"):
        stripe.checkout.Session.create(**session_params("acct_doesnotexist"))


def test_expiry_outside_stripes_thirty_minutes_to_a_day_is_refused(local):
    destination = onboarded_account(local)
    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.checkout.Session.create(**session_params(destination, expires_at=int(time.time()) + 15 * 60))
    assert error.value.param == "expires_at"


def test_unknown_parameter_is_refused_like_stripe(local):
    destination = onboarded_account(local)
    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.checkout.Session.create(**session_params(destination, metdata={"typo": "1"}))
    assert error.value.code == "parameter_unknown"
    assert error.value.param == "metdata"


def test_same_idempotency_key_and_params_give_the_same_session(local):
    destination = onboarded_account(local)
    client = local.client(max_network_retries=0)
    options = {"idempotency_key": "appointment-42-checkout"}
    params = session_params(destination)
    first = client.v1.checkout.sessions.create(params=params, options=options)
    second = client.v1.checkout.sessions.create(params=params, options=options)  # a double click
    assert second.id == first.id
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(stripe.checkout.Session.list().data) == 1


def test_same_idempotency_key_with_other_params_is_an_idempotency_error(local):
    destination = onboarded_account(local)
    stripe.checkout.Session.create(idempotency_key="k-1", **session_params(destination))
    params = session_params(destination)
    params["line_items"][0]["price_data"]["unit_amount"] = 9000
    with pytest.raises(stripe.IdempotencyError) as error:
        stripe.checkout.Session.create(idempotency_key="k-1", **params)
    assert error.value.http_status == 400
    # Another endpoint with the same key is a different request too.
    with pytest.raises(stripe.IdempotencyError):
        new_account(idempotency_key="k-1")


def test_concurrent_double_click_creates_one_session(local):
    destination = onboarded_account(local)
    params = session_params(destination)
    ids = []

    def click():
        session = local.client(max_network_retries=0).v1.checkout.sessions.create(
            params=params, options={"idempotency_key": "appointment-42-checkout"}
        )
        ids.append(session.id)

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 8
    assert len(set(ids)) == 1
    assert len(stripe.checkout.Session.list().data) == 1


# --- The hosted checkout page -----------------------------------------------------------------------


def test_paying_on_the_hosted_page_completes_the_session_and_sends_signed_events(local, receiver):
    destination = onboarded_account(local)
    receiver.requests.clear()
    session = stripe.checkout.Session.create(**session_params(destination))

    status, _, page = browse(session.url)
    assert status == 200
    assert "85,00\u00a0€" in page
    assert ">Payer</button>" in page
    assert ">Annuler</button>" in page

    status, headers, _ = browse(f"{session.url}/pay", {})
    assert status == 303
    assert headers["Location"] == f"http://site.test/paiement/ok/?session={session.id}"

    # Delivered before the redirect (delivery="sync"), in Stripe's usual order.
    assert receiver.types() == ["charge.succeeded", "payment_intent.succeeded", "checkout.session.completed"]
    delivery = receiver.last("checkout.session.completed")
    payload, header = delivery["body"], delivery["headers"]["Stripe-Signature"]
    event = stripe.Webhook.construct_event(payload, header, SECRET)
    assert event.id.startswith("evt_")
    assert (event.object, event.type, event.livemode) == ("event", "checkout.session.completed", False)
    assert event.api_version
    assert event.data.object.id == session.id
    assert event.data.object.payment_status == "paid"
    assert event.data.object.metadata.to_dict() == {"appointment": "42"}

    tampered = payload.replace(b'"paid"', b'"unpaid"')
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(tampered, header, SECRET)
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, header, "whsec_some_other_secret")

    session = stripe.checkout.Session.retrieve(session.id, expand=["payment_intent.latest_charge"])
    assert (session.status, session.payment_status, session.url) == ("complete", "paid", None)
    assert session.customer_details.email == "patient@example.com"
    intent = session.payment_intent
    assert intent.id.startswith("pi_")
    assert (intent.status, intent.amount_received, intent.application_fee_amount) == ("succeeded", 8500, 1275)
    assert intent.transfer_data.destination == destination
    assert intent.metadata.to_dict() == {"appointment": "42"}
    charge = intent.latest_charge
    assert charge.id.startswith("ch_")
    assert (charge.paid, charge.amount, charge.amount_refunded) == (True, 8500, 0)
    assert charge.transfer.startswith("tr_")
    assert charge.application_fee.startswith("fee_")
    assert stripe.PaymentIntent.retrieve(intent.id).latest_charge == charge.id
    # A paid session's page sends the customer on to success_url.
    assert browse(f"{local.url}/c/pay/{session.id}")[0] == 303


def test_a_webhook_handler_may_call_the_api_while_it_is_notified(local, receiver):
    """Sync delivery happens outside the stand-in's lock: handlers re-read state from Stripe."""
    destination = onboarded_account(local)
    session = stripe.checkout.Session.create(**session_params(destination))
    seen = []

    def handler(payload, headers):
        event = stripe.Webhook.construct_event(payload, headers["Stripe-Signature"], SECRET)
        if event.type == "checkout.session.completed":
            seen.append(stripe.checkout.Session.retrieve(event.data.object.id).payment_status)
        return 200

    local.set_webhook_endpoint(handler, SECRET)
    try:
        assert browse(f"{session.url}/pay", {})[0] == 303
    finally:
        local.set_webhook_endpoint(f"{receiver.url}/platform/", SECRET)
    assert seen == ["paid"]


def test_cancel_on_the_hosted_page_returns_to_cancel_url_and_changes_nothing(local, receiver):
    destination = onboarded_account(local)
    receiver.requests.clear()
    session = stripe.checkout.Session.create(**session_params(destination))
    status, headers, _ = browse(f"{session.url}/cancel", {})
    assert (status, headers["Location"]) == (303, "http://site.test/paiement/annule/")
    assert stripe.checkout.Session.retrieve(session.id).status == "open"
    assert receiver.requests == []


def test_declined_card_sends_payment_failed_and_the_customer_can_try_again(local, receiver):
    destination = onboarded_account(local)
    receiver.requests.clear()
    session = stripe.checkout.Session.create(**session_params(destination))
    assert browse(f"{session.url}/fail", {})[0] == 303
    assert "Votre carte a été refusée" in browse(session.url)[2]
    assert receiver.types() == ["charge.failed", "payment_intent.payment_failed"]
    event = stripe.Webhook.construct_event(
        receiver.last("payment_intent.payment_failed")["body"],
        receiver.last("payment_intent.payment_failed")["headers"]["Stripe-Signature"],
        SECRET,
    )
    intent = event.data.object
    assert intent.status == "requires_payment_method"
    assert intent.last_payment_error.code == "card_declined"
    # The project finds the session (and its appointment) from the payment intent.
    assert [s.id for s in stripe.checkout.Session.list(payment_intent=intent.id)] == [session.id]
    assert stripe.checkout.Session.retrieve(session.id).status == "open"

    local.pay(session.id)
    assert stripe.PaymentIntent.retrieve(intent.id).status == "succeeded"


def test_expire_through_the_api_sends_checkout_session_expired(local, receiver):
    destination = onboarded_account(local)
    session = stripe.checkout.Session.create(**session_params(destination))
    expired = stripe.checkout.Session.expire(session.id)
    assert (expired.status, expired.url) == ("expired", None)
    assert receiver.types()[-1] == "checkout.session.expired"
    assert browse(session.url)[0] == 410
    with pytest.raises(stripe.InvalidRequestError):
        stripe.checkout.Session.expire(session.id)


def test_session_expires_on_its_own_at_expires_at(local, receiver):
    destination = onboarded_account(local)
    session = stripe.checkout.Session.create(**session_params(destination))
    with time_machine.travel(session.expires_at + 1):
        assert stripe.checkout.Session.retrieve(session.id).status == "expired"
        delivery = receiver.last("checkout.session.expired")
        # Signed at the (travelled) time of delivery, so it verifies then.
        stripe.Webhook.construct_event(delivery["body"], delivery["headers"]["Stripe-Signature"], SECRET)


def test_expire_helper_and_control_url(local, receiver):
    destination = onboarded_account(local)
    first = stripe.checkout.Session.create(**session_params(destination))
    second = stripe.checkout.Session.create(**session_params(destination))
    local.expire_session(first.id)
    status, _, body = browse(f"{local.url}/_standin/checkout/sessions/{second.id}/expire", {})
    assert status == 200
    assert json.loads(body)["status"] == "expired"
    assert receiver.types().count("checkout.session.expired") == 2


# --- Refunds and disputes ----------------------------------------------------------------------------


def paid_session(local):
    destination = onboarded_account(local)
    session = stripe.checkout.Session.create(**session_params(destination))
    return local.pay(session.id)


def test_refund_with_reverse_transfer_and_application_fee(local, receiver):
    session = paid_session(local)
    refund = stripe.Refund.create(
        payment_intent=session["payment_intent"],
        amount=4250,
        reason="requested_by_customer",
        metadata={"cancellation": "9"},
        reverse_transfer=True,
        refund_application_fee=True,
        idempotency_key="cancellation-9",
    )
    assert refund.id.startswith("re_")
    assert (refund.object, refund.status, refund.amount, refund.reason) == (
        "refund",
        "succeeded",
        4250,
        "requested_by_customer",
    )
    assert refund.metadata.to_dict() == {"cancellation": "9"}
    assert refund.transfer_reversal.startswith("trr_")
    assert stripe.Refund.retrieve(refund.id).amount == 4250

    charge = stripe.Charge.retrieve(refund.charge)
    assert (charge.amount_refunded, charge.refunded) == (4250, False)
    assert local.get(charge.transfer)["amount_reversed"] == 4250
    assert local.get(charge.application_fee)["amount_refunded"] == 638  # half of 1275, rounded

    delivery = receiver.last("charge.refunded")
    event = stripe.Webhook.construct_event(delivery["body"], delivery["headers"]["Stripe-Signature"], SECRET)
    assert event.data.object.amount_refunded == 4250
    assert event.request.idempotency_key == "cancellation-9"

    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.Refund.create(charge=charge.id, amount=5000)
    assert error.value.code == "amount_too_large"
    stripe.Refund.create(charge=charge.id, reverse_transfer=True)  # the rest
    assert stripe.Charge.retrieve(charge.id).refunded is True
    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.Refund.create(payment_intent=session["payment_intent"])
    assert error.value.code == "charge_already_refunded"
    assert [r.amount for r in stripe.Refund.list(payment_intent=session["payment_intent"])] == [4250, 4250]


def test_injected_refund_error_is_replayed_under_the_same_idempotency_key(local):
    session = paid_session(local)
    local.inject_error(
        "POST", "/v1/refunds", message="Your card was declined.", status=402, code="card_declined"
    )
    for _ in range(2):
        with pytest.raises(stripe.CardError):
            stripe.Refund.create(payment_intent=session["payment_intent"], idempotency_key="cancel-1")
    refund = stripe.Refund.create(payment_intent=session["payment_intent"], idempotency_key="cancel-1-retry")
    assert refund.status == "succeeded"


def test_failed_refund_and_dispute_send_their_events(local, receiver):
    session = paid_session(local)
    refund = stripe.Refund.create(payment_intent=session["payment_intent"])
    local.fail_refund(refund.id)
    assert stripe.Refund.retrieve(refund.id).status == "failed"
    assert stripe.Charge.retrieve(refund.charge).amount_refunded == 0
    dispute = local.dispute(session["payment_intent"])
    assert dispute["id"].startswith("dp_")
    assert receiver.types()[-3:] == ["refund.failed", "charge.refund.updated", "charge.dispute.created"]


# --- Errors ----------------------------------------------------------------------------------------------


def test_unknown_ids_raise_the_sdks_errors(local):
    with pytest.raises(stripe.InvalidRequestError) as error:
        stripe.checkout.Session.retrieve("cs_test_doesnotexist")
    assert (error.value.http_status, error.value.code) == (404, "resource_missing")
    assert error.value.json_body["error"]["type"] == "invalid_request_error"
    assert "cs_test_doesnotexist" in error.value.user_message
    with pytest.raises(stripe.InvalidRequestError):
        stripe.Refund.retrieve("re_doesnotexist")
    with pytest.raises(stripe.PermissionError):  # what Stripe answers for an unknown account
        stripe.Account.retrieve("acct_doesnotexist")


def test_missing_or_live_api_key_is_an_authentication_error(local):
    with pytest.raises(stripe.AuthenticationError):
        stripe.Account.retrieve("acct_x", api_key="sk_live_realkey")
    status, _, body = browse(f"{local.url}/v1/accounts")
    assert status == 401
    assert json.loads(body)["error"]["type"] == "invalid_request_error"


# --- Webhooks for tests that post them themselves ---------------------------------------------------


def test_events_can_be_fetched_signed_and_replayed_by_tests():
    with StandIn(delivery="none", webhook_secret=SECRET) as quiet:
        restore = quiet.configure_sdk()
        try:
            account = new_account()
            quiet.complete_onboarding(account.id)
            session = stripe.checkout.Session.create(**session_params(account.id))
            quiet.pay(session.id)
        finally:
            restore()
        assert quiet.deliveries == []
        event = quiet.last_event("checkout.session.completed")
        payload, header = quiet.signed_delivery(event)
        assert stripe.Webhook.construct_event(payload, header, SECRET).data.object.id == session.id
        # The module function is the same signature, for events built by hand.
        payload, header = signed_delivery(event, SECRET)
        stripe.Webhook.construct_event(payload, header, SECRET)
        stale_payload, stale_header = quiet.signed_delivery(event, timestamp=int(time.time()) - 600)
        with pytest.raises(stripe.SignatureVerificationError):
            stripe.Webhook.construct_event(stale_payload, stale_header, SECRET)
        # Or delivered on demand, to any target (here a callable, in-process).
        seen = []
        quiet.deliver(event, target=lambda body, headers: seen.append(headers["Stripe-Signature"]) or 200)
        assert len(seen) == 1


def test_threaded_delivery_and_redelivery_after_a_failure(receiver):
    receiver.requests.clear()
    receiver.status = 500
    with StandIn(
        webhook_url=f"{receiver.url}/platform/", webhook_secret=SECRET, delivery="thread"
    ) as threaded:
        restore = threaded.configure_sdk()
        try:
            account = new_account()
            threaded.complete_onboarding(account.id)  # platform endpoint also gets Connect events here
        finally:
            restore()
        receiver.wait_for(1)
        event = threaded.last_event("account.updated")
        deadline = time.time() + 5
        while not threaded.deliveries and time.time() < deadline:
            time.sleep(0.01)
        assert threaded.deliveries[0]["status"] == 500
        receiver.status = 200
        status, _, _ = browse(f"{threaded.url}/_standin/events/{event['id']}/redeliver", {})
        assert status == 200
        assert [d["status"] for d in threaded.deliveries] == [500, 200]
    receiver.status = 200


# --- Running it ----------------------------------------------------------------------------------------


def test_state_file_keeps_accounts_across_restarts(tmp_path):
    state = tmp_path / "stripe.json"
    with StandIn(state_file=str(state)) as first:
        restore = first.configure_sdk()
        try:
            account = new_account()
        finally:
            restore()
    with StandIn(state_file=str(state)) as second:
        restore = second.configure_sdk()
        try:
            assert stripe.Account.retrieve(account.id).id == account.id
        finally:
            restore()


def test_command_line_server_answers_the_sdk():
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.stripe_standin", "--port", "0", "--webhook-secret", SECRET],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = ""
        while "local Stripe on" not in line:
            line = process.stderr.readline()
            assert line, "the stand-in did not start"
        url = line.split("local Stripe on ")[1].split()[0]
        client = stripe.StripeClient("sk_test_cli", base_addresses={"api": url}, max_network_retries=0)
        account = client.v1.accounts.create(
            params={"type": "express", "capabilities": {"transfers": {"requested": True}}}
        )
        assert account.id.startswith("acct_")
        status, _, page = browse(f"{url}/")
        assert status == 200
        assert account.id in page
    finally:
        process.terminate()
        process.wait(timeout=10)
