"""The appointment's calendar file: stable UID, SEQUENCE raised by changes, UTC times, never the
reason, the summary in the reader's language."""

from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from booking import ics, services
from booking.models import Appointment

from .conftest import at

pytestmark = pytest.mark.django_db
REASON = "Crises d’angoisse depuis mon licenciement"


@pytest.fixture
def appointment(practitioner, person, frozen_now):
    return services.hold_slot(
        practitioner=practitioner, person=person, start=at(1), visit="first", reason=REASON
    )


def event_of(data: bytes):
    calendar = Calendar.from_ical(data)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_file_parses_back_with_utc_times_and_the_appointment_uid(appointment, person):
    data = ics.appointment_ics(appointment, for_user=person)
    event = event_of(data)

    assert str(event["UID"]) == f"{appointment.reference}@{ics.site_domain()}"
    assert event["DTSTART"].dt == at(1)
    assert event["DTEND"].dt == at(1) + timedelta(minutes=50)
    assert event["DTSTART"].dt.utcoffset() == timedelta(0)
    assert b"DTSTART:20270111T090000Z" in data
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == appointment.sequence


def test_the_reason_is_never_in_the_file(appointment, person, practitioner_account):
    for reader in (person, practitioner_account):
        data = ics.appointment_ics(appointment, for_user=reader)
        text = Calendar.from_ical(data).to_ical().decode()
        assert "angoisse" not in text
        assert "licenciement" not in text
        assert "angoisse" not in data.decode()


def test_each_party_reads_a_summary_about_the_other_in_their_language(
    appointment, person, practitioner_account
):
    assert str(event_of(ics.appointment_ics(appointment, for_user=person))["SUMMARY"]) == (
        "Consultation avec Léa Moreau"
    )
    assert str(event_of(ics.appointment_ics(appointment, for_user=practitioner_account))["SUMMARY"]) == (
        "Consultation : Jules Bernard"
    )
    person.preferred_language = "en"
    with translation.override("en"):  # "Consultation with …" once the English catalogue has it
        english = gettext("Consultation avec %(practitioner)s") % {"practitioner": "Léa Moreau"}
    with translation.override("fr"):
        assert str(event_of(ics.appointment_ics(appointment, for_user=person))["SUMMARY"]) == english


def test_the_uid_stays_and_the_sequence_rises_on_reschedule_then_cancel(appointment, person, frozen_now):
    first = event_of(ics.appointment_ics(appointment, for_user=person))

    moved = services.reschedule_appointment(appointment, by=person, start=at(2))
    second = event_of(ics.appointment_ics(moved, for_user=person))
    cancelled, _refund = services.cancel_appointment(moved, by=person)
    third = event_of(ics.appointment_ics(cancelled, for_user=person))

    assert str(first["UID"]) == str(second["UID"]) == str(third["UID"])
    assert int(first["SEQUENCE"]) < int(second["SEQUENCE"]) < int(third["SEQUENCE"])
    assert second["DTSTART"].dt == at(2)
    assert str(third["STATUS"]) == "CANCELLED"


def test_a_cancelled_or_expired_appointment_is_cancelled_in_the_calendar(appointment, person):
    Appointment.objects.filter(pk=appointment.pk).update(status=Appointment.Status.EXPIRED)
    appointment.refresh_from_db()
    assert str(event_of(ics.appointment_ics(appointment, for_user=person))["STATUS"]) == "CANCELLED"


@pytest.mark.urls("tests.booking.ics_urls")
def test_the_file_links_to_the_appointment_page(appointment, person, settings):
    settings.SITE_BASE_URL = "https://psyconsult.example"
    event = event_of(ics.appointment_ics(appointment, for_user=person))
    assert str(event["URL"]) == f"https://psyconsult.example/fr/rendez-vous/{appointment.reference}/"
    assert str(event["URL"]) in str(event["DESCRIPTION"])
    assert str(event["UID"]) == f"{appointment.reference}@psyconsult.example"


def test_without_the_appointment_page_there_is_no_link_rather_than_a_wrong_one(
    appointment, person, monkeypatch
):
    monkeypatch.setattr(ics, "appointment_path", lambda appointment: None)
    assert "URL" not in event_of(ics.appointment_ics(appointment, for_user=person))
