"""The person's payments and receipts, the practitioner's payouts and Stripe onboarding, and who
may see them: only their owner (anyone else gets 404, a visitor is asked to sign in)."""

import re

import pytest
from django.urls import reverse

from accounts.factories import StaffUserFactory, UserFactory
from payments.models import ConnectedAccount, Payment
from tests.practitioners_directory.factories import make_practitioner

from .conftest import post_event, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, held, person, local_stripe):
    payment = start(held, person)
    local_stripe.pay(payment.checkout_session_id)
    post_event(client, local_stripe, local_stripe.last_event("checkout.session.completed"))
    payment.refresh_from_db()
    return payment


@pytest.fixture
def other_practitioner_account(directory):
    user = UserFactory(email="autre.psy@example.fr", role="practitioner")
    make_practitioner(directory, first_name="Paul", last_name="Durand", user=user)
    return user


def test_my_payments_lists_the_payment_with_its_receipt(client, paid, person):
    client.force_login(person)
    html = client.get(reverse("payments:my_payments")).content.decode()
    assert "Léa Moreau" in html
    assert "60,00" in html
    assert reverse("payments:receipt", kwargs={"reference": paid.reference}) in html


def test_the_receipt_is_a_note_dhonoraires_with_the_registration_and_the_vat_mention(
    client, paid, person, practitioner
):
    client.force_login(person)
    response = client.get(reverse("payments:receipt", kwargs={"reference": paid.reference}))
    html = response.content.decode()
    page = practitioner.pages.get()
    assert response.status_code == 200
    assert "Note d’honoraires" in html
    assert "Léa Moreau" in html
    assert f"RPPS {page.rpps}" in html
    assert "TVA non applicable, art. 261-4-1° du CGI" in html
    assert "60,00" in html
    assert "Jules Bernard" in html
    assert "8 janvier 2027" in html  # paid on the frozen Friday
    assert "payments/receipt.css" in html
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_receipt_in_english(client, paid, person):
    client.force_login(person)
    html = client.get(
        "/en" + reverse("payments:receipt", kwargs={"reference": paid.reference})[3:]
    ).content.decode()
    assert "261-4-1°" in html


def test_the_payouts_page_shows_gross_fee_net_and_the_months_total(client, paid, practitioner_account):
    client.force_login(practitioner_account)
    response = client.get(reverse("payments:payouts"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Janvier 2027" in html
    assert "60,00" in html  # gross
    assert "6,00" in html  # the platform's 10 %
    assert "54,00" in html  # net
    assert "Total du mois (1 consultation)" in html


def test_the_payouts_of_a_refunded_consultation_are_zero(
    client, paid, person, practitioner_account, django_capture_on_commit_callbacks
):
    from booking import services as booking_services

    with django_capture_on_commit_callbacks(execute=True):
        booking_services.cancel_appointment(paid.appointment, by=person)
    client.force_login(practitioner_account)
    html = client.get(reverse("payments:payouts")).content.decode()
    assert "Remboursé" in html
    assert html.count("0,00") >= 3


# --- Access ------------------------------------------------------------------------------------------


def _urls(payment):
    appointment = payment.appointment.reference
    return {
        "receipt": ("get", reverse("payments:receipt", kwargs={"reference": payment.reference})),
        "checkout": ("get", reverse("payments:checkout", kwargs={"reference": appointment})),
        "pay": ("post", reverse("payments:checkout", kwargs={"reference": appointment})),
        "success": ("get", reverse("payments:success", kwargs={"reference": appointment})),
        "cancelled": ("get", reverse("payments:cancelled", kwargs={"reference": appointment})),
        "release": ("post", reverse("payments:release", kwargs={"reference": appointment})),
    }


@pytest.mark.parametrize("who", ["other_person", "the_practitioner", "another_practitioner", "an_editor"])
@pytest.mark.parametrize("page", ["receipt", "checkout", "pay", "success", "cancelled", "release"])
def test_a_payment_page_is_404_for_anyone_but_the_person(
    client, paid, practitioner_account, other_person, other_practitioner_account, who, page
):
    user = {
        "other_person": other_person,
        "the_practitioner": practitioner_account,
        "another_practitioner": other_practitioner_account,
        "an_editor": StaffUserFactory(),
    }[who]
    client.force_login(user)
    method, url = _urls(paid)[page]
    assert getattr(client, method)(url).status_code == 404
    paid.refresh_from_db()
    assert paid.status == Payment.Status.PAID


@pytest.mark.parametrize("page", ["receipt", "checkout", "success", "cancelled"])
def test_a_visitor_is_asked_to_sign_in(client, paid, page):
    _method, url = _urls(paid)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_unpaid_payment_has_no_receipt(client, held, person, local_stripe):
    payment = start(held, person)
    client.force_login(person)
    assert client.get(reverse("payments:receipt", kwargs={"reference": payment.reference})).status_code == 404


@pytest.mark.parametrize("name", ["payouts", "connect"])
def test_the_practitioner_pages_are_404_for_someone_who_is_not_a_practitioner(client, person, name):
    client.force_login(person)
    assert client.get(reverse(f"payments:{name}")).status_code == 404


def test_another_practitioner_sees_none_of_these_payouts(client, paid, other_practitioner_account):
    client.force_login(other_practitioner_account)
    html = client.get(reverse("payments:payouts")).content.decode()
    assert "Aucune consultation payée" in html
    assert "Jules Bernard" not in html


# --- Stripe onboarding -----------------------------------------------------------------------------


def test_onboarding_from_the_account_area_to_the_status_page(
    client, practitioner, practitioner_account, local_stripe
):
    client.force_login(practitioner_account)
    status = client.get(reverse("payments:connect"))
    assert "Créer mon compte Stripe" in status.content.decode()
    assert local_stripe.url in status["Content-Security-Policy"]

    response = client.post(reverse("payments:connect_start"))
    assert response.status_code == 303
    assert response["Location"].startswith(local_stripe.url + "/setup/e/acct_")
    account = ConnectedAccount.objects.get(practitioner=practitioner)
    assert not account.charges_enabled

    # The practitioner sends their details but Stripe still checks them.
    local_stripe.complete_onboarding(account.stripe_account_id, charges_enabled=False, payouts_enabled=False)
    back = client.get(reverse("payments:connect_return"), follow=True)
    assert "Stripe vérifie vos informations" in back.content.decode()

    local_stripe.set_account(account.stripe_account_id, charges_enabled=True, payouts_enabled=True)
    post_event(client, local_stripe, local_stripe.last_event("account.updated"))
    html = client.get(reverse("payments:connect")).content.decode()
    assert "Votre compte est prêt" in html

    dashboard = client.post(reverse("payments:connect_dashboard"))
    assert dashboard["Location"] == f"{local_stripe.url}/express/{account.stripe_account_id}"


def test_a_double_click_on_onboarding_creates_one_account(
    client, practitioner, practitioner_account, local_stripe
):
    client.force_login(practitioner_account)
    first = client.post(reverse("payments:connect_start"))
    second = client.post(reverse("payments:connect_start"))
    assert first.status_code == second.status_code == 303
    assert ConnectedAccount.objects.count() == 1
    assert len(local_stripe.client().v1.accounts.list().data) == 1


def test_an_expired_onboarding_link_gets_a_new_one(client, practitioner, practitioner_account, local_stripe):
    client.force_login(practitioner_account)
    first = client.post(reverse("payments:connect_start"))["Location"]
    again = client.get(reverse("payments:connect_refresh"))
    assert again.status_code == 303
    assert again["Location"] != first
    assert re.match(rf"{re.escape(local_stripe.url)}/setup/e/acct_\w+/\w+", again["Location"])


def test_the_account_area_links_to_payments(client, person, practitioner_account, practitioner):
    client.force_login(person)
    assert reverse("payments:my_payments") in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(practitioner_account)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("payments:payouts") in html
    assert reverse("payments:connect") in html


def test_the_success_page_of_a_cancelled_appointment_tells_the_refund(
    client, paid, person, django_capture_on_commit_callbacks
):
    from booking import services as booking_services

    with django_capture_on_commit_callbacks(execute=True):
        booking_services.cancel_appointment(paid.appointment, by=person)
    client.force_login(person)
    html = client.get(
        reverse("payments:success", kwargs={"reference": paid.appointment.reference})
    ).content.decode()
    assert "Ce rendez-vous a été annulé ; remboursement : 60,00" in html


def test_releasing_the_slot_expires_the_session_and_frees_the_time(client, held, person, local_stripe):
    from booking.models import Appointment

    payment = start(held, person)
    client.force_login(person)
    response = client.post(reverse("payments:release", kwargs={"reference": held.reference}))
    assert response.status_code == 302
    held.refresh_from_db()
    payment.refresh_from_db()
    assert (held.status, payment.status) == (Appointment.Status.EXPIRED, Payment.Status.EXPIRED)
    assert local_stripe.get(payment.checkout_session_id)["status"] == "expired"


def test_a_confirmed_appointment_cannot_be_released(client, paid, person):
    client.force_login(person)
    response = client.post(reverse("payments:release", kwargs={"reference": paid.appointment.reference}))
    assert response.status_code == 302
    paid.appointment.refresh_from_db()
    assert paid.appointment.status == "confirmed"
