"""The webhook: refused unless signed by Stripe now with our secret; each event once, whatever
the number of deliveries (replays, concurrent duplicates); effects from the object's current
state, whatever the order of events."""

import copy
import threading

import pytest
from django.test import Client

from booking.models import Appointment, AppointmentTransition
from devtools.stripe_standin import signed_delivery
from payments.models import Payment, PaymentStatusChange, StripeEvent

from .conftest import WEBHOOK_SECRET, close_thread_connections, post_event, start

Status = Appointment.Status


def paid_session(held, person, local_stripe):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)
    return payment, local_stripe.last_event("checkout.session.completed")


def state(held, payment):
    held.refresh_from_db()
    payment.refresh_from_db()
    return (
        held.status,
        payment.status,
        payment.refunded_cents,
        StripeEvent.objects.count(),
        PaymentStatusChange.objects.filter(payment=payment).count(),
    )


def post_raw(client, payload, signature=None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature is not None else {}
    return client.post("/stripe/webhook/", data=payload, content_type="application/json", **headers)


# --- Signatures ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("attack", ["forged", "missing", "stale", "other_secret", "garbage"])
def test_a_badly_signed_event_is_refused_and_changes_nothing(client, held, person, local_stripe, attack):
    payment, event = paid_session(held, person, local_stripe)
    before = state(held, payment)
    payload, signature = local_stripe.signed_delivery(event)
    if attack == "forged":
        forged = copy.deepcopy(event)
        forged["id"] = "evt_forged"
        payload = payload.replace(event["id"].encode(), b"evt_forged")
    elif attack == "missing":
        signature = None
    elif attack == "stale":
        payload, signature = local_stripe.signed_delivery(event, timestamp=int(event["created"]) - 301)
    elif attack == "other_secret":
        payload, signature = local_stripe.signed_delivery(event, secret="whsec_someone_else")
    else:
        signature = "t=1,v1=00"
    response = post_raw(client, payload, signature)
    assert response.status_code == 400
    assert state(held, payment) == before
    assert before[:2] == (Status.HELD, Payment.Status.PENDING)


@pytest.mark.django_db
def test_a_signed_event_that_is_not_json_is_refused(client, local_stripe):
    from devtools.stripe_standin import signature_header

    payload = b"not json"
    response = post_raw(client, payload, signature_header(payload, WEBHOOK_SECRET, _now()))
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.django_db
def test_the_connect_endpoints_secret_is_accepted_too(client, connected, local_stripe, settings):
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_connect"
    local_stripe.set_account(connected.stripe_account_id, charges_enabled=False)
    event = local_stripe.last_event("account.updated")
    response = post_event(client, local_stripe, event, secret="whsec_connect")
    assert response.status_code == 200
    connected.refresh_from_db()
    assert connected.charges_enabled is False


@pytest.mark.django_db
def test_only_post_is_answered(client):
    assert client.get("/stripe/webhook/").status_code == 405


@pytest.mark.django_db
def test_the_webhook_is_outside_the_language_prefix_and_the_legal_gate(local_stripe):
    from legal.middleware import is_exempt

    assert is_exempt("/stripe/webhook/")
    assert (
        Client(enforce_csrf_checks=True)
        .post("/stripe/webhook/", data=b"{}", content_type="application/json")
        .status_code
        == 400
    )


# --- Once -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_event_ten_times_has_one_effect(client, held, person, local_stripe):
    payment, event = paid_session(held, person, local_stripe)
    outcomes = [post_event(client, local_stripe, event).json()["outcome"] for _ in range(10)]
    assert outcomes == ["processed"] + ["duplicate"] * 9
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert PaymentStatusChange.objects.filter(payment=payment, to_status="paid").count() == 1
    assert AppointmentTransition.objects.filter(appointment=held, to_status=Status.CONFIRMED).count() == 1
    assert Payment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_deliveries_of_one_event_have_one_effect(held, person, local_stripe):
    payment, event = paid_session(held, person, local_stripe)
    payload, signature = local_stripe.signed_delivery(event)
    barrier = threading.Barrier(20)
    statuses, outcomes, errors = [], [], []

    def deliver():
        try:
            barrier.wait()
            response = post_raw(Client(), payload, signature)
            statuses.append(response.status_code)
            outcomes.append(response.json()["outcome"])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            close_thread_connections()

    threads = [threading.Thread(target=deliver) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert statuses == [200] * 20
    assert sorted(outcomes) == ["duplicate"] * 19 + ["processed"]
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert PaymentStatusChange.objects.filter(payment=payment, to_status="paid").count() == 1
    assert AppointmentTransition.objects.filter(appointment=held, to_status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_an_unknown_event_type_is_stored_and_ignored(client, local_stripe):
    event = {
        "id": "evt_unknown_1",
        "object": "event",
        "type": "customer.created",
        "created": _now(),
        "livemode": False,
        "data": {"object": {"id": "cus_1", "object": "customer"}},
    }
    payload, signature = signed_delivery(event, WEBHOOK_SECRET)
    response = post_raw(client, payload, signature)
    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type, stored.outcome, stored.object_id) == (
        "evt_unknown_1",
        "customer.created",
        "ignored",
        "cus_1",
    )


@pytest.mark.django_db
def test_an_event_about_someone_elses_object_is_ignored(client, local_stripe, connected):
    account = local_stripe.client().v1.accounts.create(
        params={"type": "express", "capabilities": {"transfers": {"requested": True}}}
    )
    local_stripe.complete_onboarding(account.id)
    response = post_event(client, local_stripe, local_stripe.last_event("account.updated"))
    assert response.json()["outcome"] == "ignored"
    assert StripeEvent.objects.get().note == "not ours"


@pytest.mark.django_db
def test_when_stripe_cannot_be_read_the_event_is_not_kept_so_stripe_retries(
    client, held, person, local_stripe
):
    _payment, event = paid_session(held, person, local_stripe)
    local_stripe.inject_error(
        "GET", "/v1/checkout/sessions/.*", message="down", status=500, type="api_error", times=3
    )
    response = post_event(client, local_stripe, event)
    assert response.status_code == 503
    assert not StripeEvent.objects.exists()
    assert post_event(client, local_stripe, event).json()["outcome"] == "processed"
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED


# --- Out of order -------------------------------------------------------------------------------------


def _event_like(event, *, type, **object_changes):
    """An event Stripe could have sent earlier (same object, another type): its snapshot lies."""
    other = copy.deepcopy(event)
    other["id"] = event["id"] + "_" + type.replace(".", "_")
    other["type"] = type
    other["data"]["object"].update(object_changes)
    return other


def _post_signed(client, event):
    payload, signature = signed_delivery(event, WEBHOOK_SECRET)
    return post_raw(client, payload, signature)


@pytest.mark.django_db
def test_an_expired_event_after_the_completed_one_changes_nothing(client, held, person, local_stripe):
    payment, completed = paid_session(held, person, local_stripe)
    post_event(client, local_stripe, completed)
    expired = _event_like(
        completed, type="checkout.session.expired", status="expired", payment_status="unpaid"
    )
    assert _post_signed(client, expired).status_code == 200
    held.refresh_from_db()
    payment.refresh_from_db()
    assert (held.status, payment.status) == (Status.CONFIRMED, Payment.Status.PAID)


@pytest.mark.django_db
def test_an_expired_event_first_is_read_as_what_the_session_is_now(client, held, person, local_stripe):
    _payment, completed = paid_session(held, person, local_stripe)
    expired = _event_like(
        completed, type="checkout.session.expired", status="expired", payment_status="unpaid"
    )
    _post_signed(client, expired)  # the snapshot says expired; Stripe says complete
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED
    assert post_event(client, local_stripe, completed).json()["outcome"] == "processed"
    assert AppointmentTransition.objects.filter(appointment=held, to_status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_an_old_payment_failure_after_the_payment_changes_nothing(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.fail_payment(payment.checkout_session_id)
    failed = local_stripe.last_event("payment_intent.payment_failed")
    local_stripe.pay(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    post_event(client, local_stripe, failed)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def _refunded_elsewhere(local_stripe, payment):
    """A refund made in Stripe's dashboard, not by the platform."""
    intent = local_stripe.get(payment.checkout_session_id)["payment_intent"]
    local_stripe.client().v1.refunds.create(params={"payment_intent": intent, "amount": 2500})
    return local_stripe.last_event("charge.refunded")


@pytest.mark.django_db
@pytest.mark.parametrize("refund_first", [True, False])
def test_a_refund_event_before_or_after_the_payment_event_ends_the_same(
    client, held, person, local_stripe, refund_first
):
    payment, completed = paid_session(held, person, local_stripe)
    refunded = _refunded_elsewhere(local_stripe, payment)
    order = [refunded, completed] if refund_first else [completed, refunded]
    for event in order:
        assert post_event(client, local_stripe, event).status_code == 200
    held.refresh_from_db()
    payment.refresh_from_db()
    assert held.status == Status.CONFIRMED
    assert (payment.status, payment.refunded_cents) == (Payment.Status.PARTIALLY_REFUNDED, 2500)
    refund = payment.refunds.get()
    assert (refund.reason, refund.status, refund.amount_cents) == ("external", "succeeded", 2500)
    assert AppointmentTransition.objects.filter(appointment=held, to_status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db
def test_a_dispute_is_recorded_for_editors(client, held, person, local_stripe):
    payment, completed = paid_session(held, person, local_stripe)
    post_event(client, local_stripe, completed)
    payment.refresh_from_db()
    local_stripe.dispute(payment.charge_id)
    post_event(client, local_stripe, local_stripe.last_event("charge.dispute.created"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.DISPUTED
    assert payment.dispute_id.startswith("dp_")


@pytest.mark.django_db
def test_account_updated_keeps_the_account_up_to_date(client, connected, local_stripe, practitioner):
    from booking import bookability

    assert bookability.is_bookable(practitioner)
    local_stripe.set_account(connected.stripe_account_id, charges_enabled=False)
    post_event(client, local_stripe, local_stripe.last_event("account.updated"))
    connected.refresh_from_db()
    assert connected.charges_enabled is False
    assert not bookability.is_bookable(practitioner)


def _now() -> int:
    import time

    return int(time.time())
