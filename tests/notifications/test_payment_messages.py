"""The receipt when a payment succeeds and the e-mail of each refund: to the person, in their
language and zone, amount, date, practitioner, receipt number and page; once, whatever the
number of deliveries of Stripe's events; never the reason for consulting."""

import pytest
from django.core import mail

from booking import services as booking_services
from booking.models import Appointment
from notifications.models import SentNotification
from notifications.tasks import send_payment_receipt, send_refund_message
from payments.models import Payment
from tests.booking.conftest import at
from tests.payments.conftest import post_event, start

from .test_messages import REASON, assert_no_reason, html_of, to

pytestmark = pytest.mark.django_db


def receipts(person):
    return [m for m in to(person.email) if "note d’honoraires" in m.subject or "receipt" in m.subject]


@pytest.fixture
def paid(
    client, connected, practitioner, person, local_stripe, frozen_now, django_capture_on_commit_callbacks
):
    """Held with a reason, paid at Stripe, the webhook delivered (after-commit work run)."""

    def pay():
        held = booking_services.hold_slot(
            practitioner=practitioner, person=person, start=at(1), visit="first", reason=REASON
        )
        payment = start(held, person)
        local_stripe.pay(payment.checkout_session_id)
        event = local_stripe.last_event("checkout.session.completed")
        with django_capture_on_commit_callbacks(execute=True):
            assert post_event(client, local_stripe, event).json()["outcome"] == "processed"
        payment.refresh_from_db()
        assert payment.appointment.status == Appointment.Status.CONFIRMED
        return payment, event

    return pay


def test_a_successful_payment_sends_the_receipt_to_the_person(paid, person, practitioner_account):
    payment, _event = paid()
    [receipt] = receipts(person)
    number = payment.receipt_number
    assert receipt.subject == f"Paiement reçu — note d’honoraires n° {number}"
    assert "Nous avons bien reçu votre paiement de 60,00 € pour votre consultation avec Léa Moreau." in (
        receipt.body
    )
    # Paid on Friday 8 January 10:00 UTC = 11:00 in Paris; the consultation on Monday 10:00.
    assert "Payé le : vendredi 8 janvier 2027 à 11:00 (Europe/Paris)" in receipt.body
    assert "Consultation : lundi 11 janvier 2027 à 10:00 (Europe/Paris)" in receipt.body
    page = f"/fr/paiements/{payment.reference}/recu/"
    assert page in receipt.body
    assert page in html_of(receipt)
    assert "60,00 €" in html_of(receipt)
    assert receipts(practitioner_account) == []  # the receipt is the person's
    assert_no_reason(mail.outbox)
    row = SentNotification.objects.get(appointment=payment.appointment, kind="receipt")
    assert row.recipient == person.email


def test_the_receipt_is_sent_once_even_when_the_webhook_is_replayed(
    paid, client, person, local_stripe, django_capture_on_commit_callbacks
):
    payment, event = paid()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_event(client, local_stripe, event).json()["outcome"] == "duplicate"
    # Every event Stripe has about this payment, delivered again; the task itself run again.
    for other in local_stripe.events():
        with django_capture_on_commit_callbacks(execute=True):
            post_event(client, local_stripe, other)
    assert send_payment_receipt.call(payment_id=payment.pk) is False
    assert len(receipts(person)) == 1
    assert SentNotification.objects.filter(appointment=payment.appointment, kind="receipt").count() == 1


def test_the_receipt_is_in_the_persons_language_and_time_zone(paid, person):
    person.preferred_language = "en"
    person.time_zone = "America/Montreal"
    person.save()
    payment, _event = paid()
    [receipt] = receipts(person)
    assert receipt.subject == f"Payment received — receipt no. {payment.receipt_number}"
    assert "Paid on: Friday 8 January 2027 at 05:00 (America/Montreal)" in receipt.body
    assert f"/en/paiements/{payment.reference}/recu/" in receipt.body
    assert 'lang="en"' in html_of(receipt)


def test_no_receipt_for_a_payment_not_settled(connected, practitioner, person, frozen_now):
    held = booking_services.hold_slot(practitioner=practitioner, person=person, start=at(1), visit="first")
    payment = start(held, person)
    assert payment.status == Payment.Status.PENDING
    assert send_payment_receipt.call(payment_id=payment.pk) is False
    assert mail.outbox == []


def test_a_refund_is_announced_once_with_its_amount(
    paid, client, person, practitioner_account, local_stripe, django_capture_on_commit_callbacks
):
    payment, _event = paid()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.cancel_appointment(payment.appointment, by=practitioner_account)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    [refund_mail] = [m for m in to(person.email) if m.subject.startswith("Remboursement")]
    assert refund_mail.subject == "Remboursement de 60,00 € effectué"
    assert (
        "Un remboursement de 60,00 € a été effectué sur votre moyen de paiement pour votre consultation "
        "avec Léa Moreau du lundi 11 janvier 2027 à 10:00 (Europe/Paris)." in refund_mail.body
    )
    assert f"n° {payment.receipt_number}" in refund_mail.body
    assert f"/fr/paiements/{payment.reference}/recu/" in refund_mail.body
    # Stripe's refund events delivered (again and again), the task run again: still one.
    for _ in range(2):
        for event in local_stripe.events():
            if event["type"] in ("charge.refunded", "refund.updated", "charge.refund.updated"):
                with django_capture_on_commit_callbacks(execute=True):
                    post_event(client, local_stripe, event)
    refund = payment.refunds.get()
    assert send_refund_message.call(refund_id=refund.pk) is False
    assert len([m for m in to(person.email) if m.subject.startswith("Remboursement")]) == 1
    assert SentNotification.objects.filter(kind=f"refund_{refund.pk}").count() == 1
    assert_no_reason(mail.outbox)
