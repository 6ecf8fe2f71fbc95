"""Checkout: one session per appointment (a double click creates one), with the practitioner's
price, the hold's expiry, the appointment in metadata and a destination charge with the
platform's commission; the appointment is confirmed by Stripe's state only."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from booking.models import Appointment
from payments import checkout
from payments.models import Payment, PaymentSettings

from .conftest import at, post_event, start

pytestmark = pytest.mark.django_db
Status = Appointment.Status


def test_the_session_has_the_price_the_hold_the_metadata_and_the_destination_charge(
    held, connected, local_stripe, practitioner
):
    settings = PaymentSettings.load()
    settings.commission_percent = Decimal("12.50")
    settings.save()
    payment = start(held, held.person)

    session = local_stripe.get(payment.checkout_session_id)
    assert session["currency"] == "eur"
    assert session["amount_total"] == practitioner.price_cents == 6000
    assert session["metadata"] == {"appointment": str(held.reference), "payment": str(payment.reference)}
    assert session["client_reference_id"] == str(held.reference)
    # Stripe's minimum is 30 minutes: a 30-minute hold gets the minimum (plus a minute).
    assert datetime.fromtimestamp(session["expires_at"], UTC) >= held.hold_expires_at
    assert session["expires_at"] - datetime.now(UTC).timestamp() <= 31 * 60 + 1
    assert (payment.amount_cents, payment.fee_cents, payment.commission_percent) == (
        6000,
        750,
        Decimal("12.50"),
    )

    local_stripe.pay(payment.checkout_session_id)
    intent = local_stripe.get(local_stripe.get(payment.checkout_session_id)["payment_intent"])
    assert intent["application_fee_amount"] == 750
    assert intent["transfer_data"]["destination"] == connected.stripe_account_id
    assert intent["metadata"]["appointment"] == str(held.reference)


def test_a_longer_hold_is_the_sessions_expiry(
    connected, practitioner, person, frozen_now, local_stripe, settings
):
    from booking import services as booking_services

    settings.BOOKING_HOLD_MINUTES = 40
    appointment = booking_services.hold_slot(
        practitioner=practitioner, person=person, start=at(1), visit="first"
    )
    payment = start(appointment, person)
    session = local_stripe.get(payment.checkout_session_id)
    assert session["expires_at"] == int(appointment.hold_expires_at.timestamp())
    assert payment.expires_at == appointment.hold_expires_at


def test_a_double_click_creates_one_session(client, held, person, local_stripe):
    client.force_login(person)
    url = reverse("payments:checkout", kwargs={"reference": held.reference})
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert len([o for o in local_stripe.events() if o["type"].startswith("checkout")]) == 0
    sessions = local_stripe.client().v1.checkout.sessions.list().data
    assert len(sessions) == 1
    assert Payment.objects.get().checkout_url == first["Location"]


def test_the_same_idempotency_key_replays_the_session_if_our_commit_was_lost(held, person, local_stripe):
    payment = start(held, person)
    # As if the first request had created the session at Stripe and then died before commit.
    Payment.objects.filter(pk=payment.pk).update(checkout_session_id=None, checkout_url="")
    again = start(held, person)
    assert again.checkout_session_id == payment.checkout_session_id
    assert len(local_stripe.client().v1.checkout.sessions.list().data) == 1


def test_a_failed_creation_is_told_and_the_retry_gets_a_new_key(held, person, local_stripe):
    local_stripe.inject_error(
        "POST", "/v1/checkout/sessions", message="Stripe is down", status=500, type="api_error"
    )
    with pytest.raises(checkout.CheckoutRefused):
        start(held, person)
    payment = Payment.objects.get()
    assert payment.checkout_attempts == 1
    assert "Stripe is down" in payment.last_error
    assert start(held, person).checkout_session_id


def test_the_success_redirect_alone_confirms_nothing(client, held, person, local_stripe):
    payment = start(held, person)
    client.force_login(person)
    response = client.get(reverse("payments:success", kwargs={"reference": held.reference}) + "?session_id=x")
    assert response.status_code == 200
    assert "Nous attendons la confirmation" in response.content.decode()
    held.refresh_from_db()
    payment.refresh_from_db()
    assert (held.status, payment.status) == (Status.HELD, Payment.Status.PENDING)


def test_the_success_page_reads_the_session_server_side(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)  # paid at Stripe; the webhook is late
    client.force_login(person)
    response = client.get(reverse("payments:success", kwargs={"reference": held.reference}))
    assert "votre rendez-vous est confirmé" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED


def test_the_webhook_confirms_and_records_the_stripe_ids(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)
    response = post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    assert response.status_code == 200
    payment.refresh_from_db()
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED
    assert payment.status == Payment.Status.PAID
    assert payment.payment_intent_id.startswith("pi_")
    assert payment.charge_id.startswith("ch_")
    assert [(h.from_status, h.to_status) for h in payment.history.all()][-1] == ("pending", "paid")


def test_an_expired_session_releases_the_hold(client, held, person, local_stripe, frozen_now):
    payment = start(held, person)
    local_stripe.expire_session(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.expired"))
    held.refresh_from_db()
    payment.refresh_from_db()
    assert (held.status, payment.status) == (Status.EXPIRED, Payment.Status.EXPIRED)


def test_a_declined_card_keeps_the_session_open(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.fail_payment(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("payment_intent.payment_failed"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED
    assert "declined" in payment.last_error
    local_stripe.pay(payment.checkout_session_id)  # a second card works
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_payment_after_the_hold_was_given_away_is_refunded_in_full(
    client,
    held,
    person,
    other_person,
    practitioner,
    local_stripe,
    frozen_now,
    django_capture_on_commit_callbacks,
):
    from booking import services as booking_services

    payment = start(held, person)
    frozen_now.shift(timedelta(minutes=30, seconds=30))  # the hold is over, the session is not
    booking_services.hold_slot(practitioner=practitioner, person=other_person, start=at(1), visit="first")
    local_stripe.pay(payment.checkout_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunded_cents == 6000
    refund = payment.refunds.get()
    assert (refund.reason, refund.status) == ("unavailable", "succeeded")
    charge = local_stripe.get(payment.charge_id)
    assert charge["refunded"] is True


def test_a_late_payment_on_a_still_free_slot_is_confirmed(client, held, person, local_stripe, frozen_now):
    payment = start(held, person)
    frozen_now.shift(timedelta(minutes=30, seconds=30))
    local_stripe.pay(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED


def test_a_practitioner_without_charges_is_not_bookable(practitioner, local_stripe, frozen_now):
    from booking import bookability, selectors

    assert not bookability.is_bookable(practitioner)  # no account yet
    from payments import connect

    account = connect.ensure_account(practitioner)
    local_stripe.complete_onboarding(account.stripe_account_id, charges_enabled=False, payouts_enabled=False)
    connect.sync_account(account.stripe_account_id)
    assert not bookability.is_bookable(practitioner)
    assert selectors.next_slots([practitioner])[practitioner.pk] is None
    local_stripe.set_account(account.stripe_account_id, charges_enabled=True)
    connect.sync_account(account.stripe_account_id)
    assert bookability.is_bookable(practitioner)


def test_the_profile_says_when_the_practitioner_cannot_be_booked(
    client, practitioner, local_stripe, frozen_now
):
    html = client.get(practitioner.pages.get().url).content.decode()
    assert "ne propose pas encore de rendez-vous en ligne" in html


def test_without_required_payment_everyone_with_a_schedule_stays_bookable(practitioner, settings):
    from booking import bookability

    settings.BOOKING_REQUIRES_PAYMENT = False
    assert bookability.is_bookable(practitioner)


def test_the_booking_form_leads_to_the_payment_page(client, connected, practitioner, person, frozen_now):
    from booking.slots import Slot

    client.force_login(person)
    url = reverse(
        "booking:book", kwargs={"practitioner_id": practitioner.pk, "slot_key": Slot(at(1), at(1)).key}
    )
    response = client.post(url, {"visit": "first", "reason": ""})
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:checkout", kwargs={"reference": appointment.reference})
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Payer 60,00" in html
    # The form's answer is a redirect to Stripe: the page's CSP lets the form go there.
    assert connected.charges_enabled
    assert local_url_in_csp(page)


def local_url_in_csp(response) -> bool:
    from django.conf import settings

    return all(origin in response["Content-Security-Policy"] for origin in settings.STRIPE_REDIRECT_ORIGINS)


@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_create_one_session(held, person, local_stripe):
    import threading

    from django.test import Client

    from .conftest import close_thread_connections

    url = reverse("payments:checkout", kwargs={"reference": held.reference})
    barrier = threading.Barrier(5)
    locations, errors = [], []

    def click():
        try:
            client = Client()
            client.force_login(person)
            barrier.wait()
            response = client.post(url)
            locations.append((response.status_code, response["Location"]))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            close_thread_connections()

    threads = [threading.Thread(target=click) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(set(locations)) == 1
    assert locations[0][0] == 303
    assert len(local_stripe.client().v1.checkout.sessions.list().data) == 1
    assert Payment.objects.count() == 1
