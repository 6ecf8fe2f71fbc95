"""The whole journey in Chromium: a person books a slot, pays on the local Stripe's hosted page,
is confirmed (by the webhook the stand-in delivers before redirecting), gets a receipt,
cancels in time and is refunded, the practitioner's share and the fee coming back too."""

import re
from datetime import time

import pytest

from accounts.factories import DEFAULT_PASSWORD
from booking.models import Appointment
from devtools.stripe_standin import TEST_API_KEY, StandIn
from payments import connect
from payments.models import Payment
from tests.conftest import axe_violations

from .conftest import WEBHOOK_SECRET, make_schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_stripe(live_server, settings):
    """A stand-in that delivers its webhooks to the live server before answering (as the site's
    dev server gets them in `make run`)."""
    with StandIn(
        delivery="sync", webhook_url=f"{live_server.url}/stripe/webhook/", webhook_secret=WEBHOOK_SECRET
    ) as stand_in:
        settings.STRIPE_API_BASE = stand_in.url
        settings.STRIPE_SECRET_KEY = TEST_API_KEY
        settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
        settings.STRIPE_REDIRECT_ORIGINS = [stand_in.url]
        settings.BOOKING_REQUIRES_PAYMENT = True
        settings.BOOKING_HOLD_MINUTES = 40
        yield stand_in


@pytest.fixture
def bookable(directory, practitioner_account, live_stripe):
    from practitioners_directory.models import Practitioner
    from tests.practitioners_directory.factories import make_practitioner

    page = make_practitioner(
        directory,
        first_name="Léa",
        last_name="Moreau",
        user=practitioner_account,
        price_cents=7000,
        photo=False,
    )
    practitioner = Practitioner.objects.get(pk=page.practitioner_id)
    make_schedule(practitioner, days=range(7), ranges=((time(0), time(23, 59)),), minimum_notice_hours=26)
    account = connect.ensure_account(practitioner)
    live_stripe.complete_onboarding(account.stripe_account_id)
    connect.sync_account(account.stripe_account_id)
    return page


def sign_in(page, base, email):
    page.goto(f"{base}/fr/compte/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    while "/mise-a-jour/" in page.url:  # the legal gate, if a new version waits
        page.click("main form button[type=submit] >> nth=0")
        page.wait_for_load_state()


def test_book_pay_confirm_cancel_in_time_and_be_refunded(
    live_server, bookable, person, live_stripe, browser_page
):
    page = browser_page
    base = live_server.url
    # Errors of the site's pages (the stand-in's page has no favicon: its 404 does not count).
    site_errors = []
    page.on(
        "console",
        lambda m: (
            m.type == "error" and m.location.get("url", "").startswith(base) and site_errors.append(m.text)
        ),
    )
    sign_in(page, base, person.email)

    page.goto(base + bookable.url)
    page.locator("a.slot").first.click()
    page.check("input[name=visit][value=first]")
    for checkbox in page.locator("main form input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Confirmer la réservation").click()
    page.wait_for_url(re.compile(r"/paiements/regler/"))
    appointment = Appointment.objects.get()
    assert appointment.status == Appointment.Status.HELD
    assert axe_violations(page) == []

    page.get_by_role("button", name=re.compile(r"Payer 70,00")).click()
    page.wait_for_url(re.compile(re.escape(live_stripe.url) + r"/c/pay/cs_test_"))
    assert "70,00" in page.content()
    page.get_by_role("button", name="Payer").click()

    page.wait_for_url(re.compile(r"/merci/"))
    assert "votre rendez-vous est confirmé" in page.locator("main").inner_text()
    appointment.refresh_from_db()
    payment = Payment.objects.get()
    assert appointment.status == Appointment.Status.CONFIRMED
    assert (payment.status, payment.amount_cents, payment.fee_cents) == ("paid", 7000, 700)

    page.get_by_role("link", name="Ma note d’honoraires").click()
    receipt = page.locator("main").inner_text()
    assert "Note d’honoraires" in receipt
    assert "TVA non applicable, art. 261-4-1° du CGI" in receipt
    assert "RPPS" in receipt
    assert axe_violations(page) == []

    page.goto(f"{base}/fr/rendez-vous/{appointment.reference}/annuler/")
    assert "Vous serez remboursé de 70 €" in page.locator("main").inner_text()
    page.get_by_role("button", name="Annuler le rendez-vous").click()
    page.wait_for_url(re.compile(rf"/rendez-vous/{appointment.reference}/$"))

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_cents, payment.fee_refunded_cents) == ("refunded", 7000, 700)
    charge = live_stripe.get(payment.charge_id)
    assert live_stripe.get(charge["transfer"])["amount_reversed"] == 7000
    page.goto(f"{base}/fr/paiements/")
    assert "Remboursé" in page.locator("main table").inner_text()
    assert axe_violations(page) == []
    assert site_errors == []
