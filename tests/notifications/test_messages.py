"""The messages of an appointment's life: recipient, language, content, calendar file; never the reason."""

import pytest
from django.core import mail
from icalendar import Calendar

from booking import services
from booking.models import Appointment
from notifications.models import SentNotification
from notifications.tasks import send_appointment_message
from tests.booking.conftest import at

pytestmark = pytest.mark.django_db
REASON = "Crises d’angoisse depuis mon divorce"


def book(practitioner, person, capture, start=None):
    with capture(execute=True):
        appointment = services.hold_slot(
            practitioner=practitioner, person=person, start=start or at(1), visit="first", reason=REASON
        )
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    return appointment


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def ics_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content).walk("VEVENT")[0]


def assert_no_reason(messages):
    assert messages
    for message in messages:
        texts = [message.subject, message.body, html_of(message)]
        texts += [a[1].decode() if isinstance(a[1], bytes) else str(a[1]) for a in message.attachments]
        for text in texts:
            assert REASON not in text
            assert "divorce" not in text


def test_confirmation_to_the_person_with_calendar_file_and_new_booking_to_the_practitioner(
    practitioner, person, practitioner_account, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    [confirmation] = to(person.email)
    assert "confirmé" in confirmation.subject
    assert "Léa Moreau" in confirmation.subject
    # 09:00 UTC on Monday 11 January = 10:00 in Paris, with the zone written.
    assert "lundi 11 janvier 2027 à 10:00 (Europe/Paris)" in confirmation.body
    assert "lundi 11 janvier 2027 à 10:00 (Europe/Paris)" in html_of(confirmation)
    page = f"/fr/rendez-vous/{appointment.reference}/"
    assert page in confirmation.body
    assert page in html_of(confirmation)
    event = ics_of(confirmation)
    assert str(event["UID"]).startswith(str(appointment.reference))
    assert event["SEQUENCE"] == appointment.sequence
    assert event.decoded("DTSTART") == appointment.start

    [new_booking] = to(practitioner_account.email)
    assert "Jules Bernard" in new_booking.subject
    assert "Première consultation" in new_booking.body
    assert ics_of(new_booking)["SEQUENCE"] == appointment.sequence
    assert_no_reason(mail.outbox)


def test_an_english_speaking_person_reads_english_in_their_own_time_zone(
    practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    person.preferred_language = "en"
    person.time_zone = "America/Montreal"
    person.save()
    book(practitioner, person, django_capture_on_commit_callbacks)
    [confirmation] = to(person.email)
    assert confirmation.subject.startswith("Appointment confirmed with Léa Moreau")
    assert "Monday 11 January 2027 at 04:00 (America/Montreal)" in confirmation.body
    assert "/en/rendez-vous/" in confirmation.body
    assert 'lang="en"' in html_of(confirmation)
    # The practitioner keeps French and Paris time.
    [new_booking] = to("psy.booking@example.fr")
    assert "10:00 (Europe/Paris)" in new_booking.body


def test_cancellation_by_the_practitioner_tells_who_and_the_refund(
    practitioner, person, practitioner_account, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appointment, refund = services.cancel_appointment(appointment, by=practitioner_account)
    assert refund == appointment.price_cents > 0
    [cancelled] = to(person.email)
    assert "annulé par votre psychologue" in cancelled.body
    euros = f"{refund // 100},{refund % 100:02d} €"
    assert f"Un remboursement de {euros}" in cancelled.body
    assert euros in html_of(cancelled)
    assert ics_of(cancelled)["STATUS"] == "CANCELLED"
    [told] = to(practitioner_account.email)
    assert "Vous avez annulé le rendez-vous de Jules Bernard" in told.body
    assert_no_reason(mail.outbox)


def test_cancellation_without_refund_says_nothing_of_money(
    practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    send_appointment_message.call(
        appointment_id=appointment.pk, kind="cancelled", sequence=appointment.sequence + 1, refund_cents=0
    )
    [cancelled] = to(person.email)
    assert "à votre demande" in cancelled.body
    assert "remboursement" not in cancelled.body


def test_rescheduling_sends_the_new_time_and_a_calendar_file_with_a_higher_sequence(
    practitioner, person, practitioner_account, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    first = ics_of(to(person.email)[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_appointment(appointment, by=person, start=at(2))
    [moved] = to(person.email)
    assert "Ancien horaire : lundi 11 janvier 2027 à 10:00 (Europe/Paris)" in moved.body
    assert "Nouvel horaire : lundi 11 janvier 2027 à 11:00 (Europe/Paris)" in moved.body
    event = ics_of(moved)
    assert event["UID"] == first["UID"]
    assert event["SEQUENCE"] > first["SEQUENCE"]
    [told] = to(practitioner_account.email)
    assert "Le rendez-vous de Jules Bernard a été déplacé" in told.body
    assert_no_reason(mail.outbox)


def test_a_message_task_run_twice_sends_once(
    practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    appointment = book(practitioner, person, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert not send_appointment_message.call(
        appointment_id=appointment.pk, kind="confirmed", sequence=appointment.sequence
    )
    assert mail.outbox == []
    assert SentNotification.objects.filter(appointment=appointment, kind="confirmed").count() == 1


def test_no_mail_to_a_practitioner_without_an_account(
    practitioner, person, frozen_now, django_capture_on_commit_callbacks
):
    type(practitioner).objects.filter(pk=practitioner.pk).update(user=None)
    book(practitioner, person, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[person.email]]
