"""Payments against the local Stripe stand-in (devtools/stripe_standin), in-process: one server
per test session, emptied before each test. Webhooks are not delivered by the stand-in
(delivery "none"): tests post them to /stripe/webhook/ themselves, signed as Stripe does.

The booking fixtures (a practitioner with a schedule, a person, a frozen Friday) are reused."""

import pytest
from django.db import connections

from booking import services as booking_services
from devtools.stripe_standin import TEST_API_KEY, StandIn
from payments import checkout, connect
from tests.booking import conftest as booking_fixtures
from tests.booking.conftest import MONDAY, at, make_schedule  # noqa: F401 - for the tests

# The booking fixtures, shared (a practitioner with a schedule, people, a frozen Friday).
directory = booking_fixtures.directory
frozen_now = booking_fixtures.frozen_now
other_person = booking_fixtures.other_person
person = booking_fixtures.person
practitioner = booking_fixtures.practitioner
practitioner_account = booking_fixtures.practitioner_account

WEBHOOK_SECRET = "whsec_payments_tests"
SUCCESS_URL = "http://testserver/merci/?session_id={CHECKOUT_SESSION_ID}"
CANCEL_URL = "http://testserver/annule/"


@pytest.fixture(scope="session")
def stripe_local():
    with StandIn(delivery="none", webhook_secret=WEBHOOK_SECRET) as stand_in:
        yield stand_in


@pytest.fixture
def local_stripe(stripe_local, settings):
    """The stand-in, empty, with the site's Stripe settings pointing at it; payment required."""
    stripe_local.reset()
    settings.STRIPE_API_BASE = stripe_local.url
    settings.STRIPE_SECRET_KEY = TEST_API_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    settings.STRIPE_REDIRECT_ORIGINS = [stripe_local.url]
    settings.BOOKING_REQUIRES_PAYMENT = True
    return stripe_local


@pytest.fixture
def connected(local_stripe, practitioner):
    """The practitioner's Express account, onboarded: charges and payouts enabled."""
    account = connect.ensure_account(practitioner)
    local_stripe.complete_onboarding(account.stripe_account_id)
    return connect.sync_account(account.stripe_account_id)


@pytest.fixture
def held(connected, practitioner, person, frozen_now):
    """A held appointment of `person` on Monday 09:00 (Paris), waiting for its payment."""
    return booking_services.hold_slot(practitioner=practitioner, person=person, start=at(1), visit="first")


def start(appointment, person):
    return checkout.start_checkout(appointment, user=person, success_url=SUCCESS_URL, cancel_url=CANCEL_URL)


def post_event(client, stand_in, event, **signing):
    """Deliver a stand-in event to the webhook as Stripe does (signed now, unless told)."""
    payload, signature = stand_in.signed_delivery(event, **signing)
    return client.post(
        "/stripe/webhook/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def deliver_all(client, stand_in, *types):
    """Post every event of these types (oldest first), as Stripe would."""
    responses = []
    for event in stand_in.events():
        if not types or event["type"] in types:
            responses.append(post_event(client, stand_in, event))
    return responses


def close_thread_connections():
    for connection in connections.all():
        connection.close()
