"""The booking journey over HTTP: slots on the profile, the form, one's appointments, the agenda,
and a 404 for anyone who is not a party to an appointment."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from booking import services
from booking.models import Appointment
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance
from practitioners_directory.models import Practitioner
from tests.practitioners_directory.factories import make_practitioner

from .conftest import at, make_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(db):
    ensure_locales()
    ensure_documents()
    return make_version("terms_of_use", 1, effective_at=at(-24 * 30), requires_reacceptance=True)


def book_url(practitioner, start=None):
    from booking.slots import Slot

    start = start or at(1)
    return reverse(
        "booking:book", kwargs={"practitioner_id": practitioner.pk, "slot_key": Slot(start, start).key}
    )


def form_data(**extra):
    return {"visit": "first", "reason": "Stress au travail", **extra}


def test_the_profile_shows_the_week_with_the_zone_and_links_to_each_slot(client, practitioner, frozen_now):
    page = practitioner.pages.get()
    response = client.get(page.url + "?semaine=2027-01-11")
    html = response.content.decode()
    assert response.status_code == 200
    assert "France métropolitaine (Paris)" in html
    assert book_url(practitioner) in html
    assert ">09:00<" in html or "</span>09:00</a>" in html


def test_a_wrong_week_in_the_url_falls_back_to_this_week(client, practitioner, frozen_now):
    response = client.get(practitioner.pages.get().url + "?semaine=2027-13-45")
    assert response.status_code == 200


def test_the_directory_cards_show_the_next_slot(client, practitioner, frozen_now):
    directory = practitioner.pages.get().get_parent()
    html = client.get(directory.url).content.decode()
    assert "Prochain créneau" in html
    assert "lundi 11 janvier" in html


def test_a_visitor_is_sent_to_sign_in_and_comes_back_to_the_slot(client, practitioner, frozen_now):
    url = book_url(practitioner)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_booking_records_the_terms_and_confirms(client, practitioner, person, terms, frozen_now):
    from legal.services import record_acceptance

    record_acceptance(version=terms, context="signup", user=person)
    client.force_login(person)
    url = book_url(practitioner)
    form = client.get(url)
    assert form.status_code == 200
    assert "Motif de consultation" in form.content.decode()
    response = client.post(url, form_data(accept_terms_of_use="on", accept_terms_of_use_version=terms.pk))
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("booking:appointment", kwargs={"reference": appointment.reference})
    assert appointment.status == Appointment.Status.CONFIRMED
    # The appointment names the exact version accepted; the ledger holds its (first) acceptance.
    assert appointment.terms_version == terms
    assert Acceptance.objects.filter(user=person, document=terms.document, version_number=1).exists()


def test_the_terms_must_be_ticked(client, practitioner, person, terms, frozen_now):
    from legal.services import record_acceptance

    record_acceptance(version=terms, context="signup", user=person)
    client.force_login(person)
    response = client.post(book_url(practitioner), form_data())
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_an_empty_form_says_what_is_missing(client, practitioner, person, frozen_now):
    client.force_login(person)
    response = client.post(book_url(practitioner), {})
    assert response.status_code == 400
    assert "première consultation" in response.content.decode()


def test_a_double_submission_books_once_and_lands_on_the_appointment(
    client, practitioner, person, frozen_now
):
    client.force_login(person)
    first = client.post(book_url(practitioner), form_data())
    second = client.post(book_url(practitioner), form_data())
    assert first["Location"] == second["Location"]
    assert Appointment.objects.count() == 1


def test_a_slot_taken_meanwhile_answers_409_with_a_message(
    client, practitioner, person, other_person, frozen_now
):
    services.hold_slot(practitioner=practitioner, person=other_person, start=at(1), visit="first")
    client.force_login(person)
    response = client.post(book_url(practitioner), form_data())
    assert response.status_code == 409
    assert "vient d’être réservé" in response.content.decode()
    assert Appointment.objects.count() == 1


def test_a_bad_slot_key_or_unknown_practitioner_is_404(client, practitioner, person):
    client.force_login(person)
    bad = reverse("booking:book", kwargs={"practitioner_id": practitioner.pk, "slot_key": "demain"})
    assert client.get(bad).status_code == 404
    unknown = reverse("booking:book", kwargs={"practitioner_id": 999999, "slot_key": "20270111T080000Z"})
    assert client.get(unknown).status_code == 404


def test_a_slot_outside_the_schedule_is_refused_with_a_message(client, practitioner, person, frozen_now):
    client.force_login(person)
    response = client.post(book_url(practitioner, at(1, days=5)), form_data())
    assert response.status_code == 400
    assert not Appointment.objects.exists()


def test_my_appointments_lists_upcoming_and_past(client, practitioner, person, frozen_now):
    appointment = services.hold_slot(practitioner=practitioner, person=person, start=at(1), visit="first")
    client.force_login(person)
    html = client.get(reverse("booking:my_appointments")).content.decode()
    assert reverse("booking:appointment", kwargs={"reference": appointment.reference}) in html
    assert "lundi 11 janvier 2027, 10:00" in html
    assert "Confirmé" in html


@pytest.fixture
def booked(practitioner, person, frozen_now):
    return services.hold_slot(
        practitioner=practitioner, person=person, start=at(1), visit="first", reason="Insomnies"
    )


def appointment_urls(appointment):
    kwargs = {"reference": appointment.reference}
    return [
        reverse(name, kwargs=kwargs)
        for name in ("booking:appointment", "booking:cancel", "booking:reschedule")
    ]


def test_strangers_get_404_on_every_appointment_url(client, booked, directory):
    other_practitioner_account = UserFactory(role="practitioner")
    page = make_practitioner(directory, user=other_practitioner_account)
    make_schedule(Practitioner.objects.get(pk=page.practitioner_id))
    editor = UserFactory(is_staff=True, is_superuser=True)
    for who in (None, UserFactory(), other_practitioner_account, editor):
        client.logout()
        if who is not None:
            client.force_login(who)
        for url in appointment_urls(booked):
            response = client.get(url)
            expected = 302 if who is None else 404
            assert response.status_code == expected, (who, url)
            assert response.status_code != 200
        post = client.post(reverse("booking:cancel", kwargs={"reference": booked.reference}))
        assert post.status_code in (302, 404)
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CONFIRMED


def test_both_parties_see_the_appointment_and_its_reason(client, booked, person, practitioner_account):
    for who in (person, practitioner_account):
        client.force_login(who)
        response = client.get(appointment_urls(booked)[0])
        assert response.status_code == 200
        assert "Insomnies" in response.content.decode()


def test_the_person_cancels_in_time_and_is_told_the_refund(client, booked, person):
    client.force_login(person)
    url = reverse("booking:cancel", kwargs={"reference": booked.reference})
    page = client.get(url).content.decode()
    assert "remboursé de 60 €" in page
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED_BY_USER
    # Cancelling again (back button, second tab) changes nothing and says so.
    again = client.post(url, {"reason": ""})
    assert again.status_code == 302


def test_the_person_moves_the_appointment(client, booked, person):
    from booking.slots import Slot

    client.force_login(person)
    url = reverse("booking:reschedule", kwargs={"reference": booked.reference})
    page = client.get(url + "?semaine=2027-01-11")
    assert page.status_code == 200
    new_key = Slot(at(2), at(2)).key
    assert new_key in page.content.decode()
    response = client.post(url, {"slot": new_key})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.start == at(2)
    assert client.post(url, {"slot": "nonsense"}).status_code == 400


def test_the_practitioners_agenda_shows_the_person_and_the_reason(client, booked, practitioner_account):
    client.force_login(practitioner_account)
    html = client.get(reverse("booking:agenda") + "?jour=2027-01-11").content.decode()
    assert "Jules Bernard" in html
    assert "Insomnies" in html
    assert "Première consultation" in html
    day = client.get(reverse("booking:agenda") + "?jour=2027-01-11&vue=jour").content.decode()
    assert "Jules Bernard" in day


def test_the_agenda_and_availability_are_only_for_practitioners(client, person):
    client.force_login(person)
    assert client.get(reverse("booking:agenda")).status_code == 404
    assert client.get(reverse("booking:availability")).status_code == 404


def test_the_practitioner_edits_their_weekly_schedule(client, practitioner, practitioner_account, frozen_now):
    client.force_login(practitioner_account)
    url = reverse("booking:availability")
    assert client.get(url).status_code == 200
    schedule = practitioner.schedule
    ranges = list(schedule.weekly_ranges.all())
    data = {
        "rules-buffer_before_minutes": "0",
        "rules-buffer_after_minutes": "15",
        "rules-minimum_notice_hours": "12",
        "rules-horizon_days": "30",
        "rules-slot_step_minutes": "30",
        "weekly-TOTAL_FORMS": str(len(ranges) + 1),
        "weekly-INITIAL_FORMS": str(len(ranges)),
        "overrides-TOTAL_FORMS": "1",
        "overrides-INITIAL_FORMS": "0",
        "overrides-0-kind": "unavailable",
        "overrides-0-start_date": "2027-01-12",
    }
    for i, item in enumerate(ranges):
        data.update(
            {
                f"weekly-{i}-id": str(item.pk),
                f"weekly-{i}-weekday": str(item.weekday),
                f"weekly-{i}-start_time": item.start_time.strftime("%H:%M"),
                f"weekly-{i}-end_time": item.end_time.strftime("%H:%M"),
            }
        )
    data[f"weekly-{len(ranges)}-weekday"] = "5"
    data[f"weekly-{len(ranges)}-start_time"] = "09:00"
    data[f"weekly-{len(ranges)}-end_time"] = "12:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule.refresh_from_db()
    assert (schedule.buffer_after_minutes, schedule.slot_step_minutes) == (15, 30)
    assert schedule.weekly_ranges.filter(weekday=5).exists()
    assert schedule.overrides.count() == 1


def test_an_inverted_range_is_refused_and_nothing_is_saved(client, practitioner, practitioner_account):
    client.force_login(practitioner_account)
    data = {
        "rules-buffer_before_minutes": "0",
        "rules-buffer_after_minutes": "10",
        "rules-minimum_notice_hours": "24",
        "rules-horizon_days": "60",
        "rules-slot_step_minutes": "60",
        "weekly-TOTAL_FORMS": "1",
        "weekly-INITIAL_FORMS": "0",
        "weekly-0-weekday": "5",
        "weekly-0-start_time": "12:00",
        "weekly-0-end_time": "09:00",
        "overrides-TOTAL_FORMS": "0",
        "overrides-INITIAL_FORMS": "0",
    }
    before = practitioner.schedule.weekly_ranges.count()
    response = client.post(reverse("booking:availability"), data)
    assert response.status_code == 400
    assert "après l’heure de début" in response.content.decode()
    assert practitioner.schedule.weekly_ranges.count() == before


def test_the_hold_length_setting_is_respected_by_the_flow(client, practitioner, person, settings, frozen_now):
    settings.BOOKING_REQUIRES_PAYMENT = True
    client.force_login(person)
    client.post(book_url(practitioner), form_data())
    appointment = Appointment.objects.get()
    assert appointment.status == Appointment.Status.HELD
    assert appointment.hold_expires_at - appointment.created_at == timedelta(minutes=30)


def test_the_ics_file_is_for_the_parties_only(client, booked, person, practitioner_account):
    url = reverse("booking:ics", kwargs={"reference": booked.reference})
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    for who in (person, practitioner_account):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        body = response.content.decode()
        assert f"UID:{booked.reference}@" in body
        assert "Insomnies" not in body
