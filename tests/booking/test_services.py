"""Holding, confirming, cancelling and moving appointments; the database refuses double bookings."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, connections, transaction

from booking import selectors, services
from booking.models import Appointment, AppointmentTransition, BookingSettings

from .conftest import at

pytestmark = pytest.mark.django_db
Status = Appointment.Status


def hold(practitioner, person, start=None, **extra):
    return services.hold_slot(
        practitioner=practitioner, person=person, start=start or at(1), visit="first", **extra
    )


def test_without_payment_a_booking_is_confirmed_at_once_and_every_step_is_recorded(
    practitioner, person, frozen_now
):
    appointment = hold(practitioner, person, reason="Anxiété au travail")
    appointment.refresh_from_db()
    assert appointment.status == Status.CONFIRMED
    assert appointment.price_cents == practitioner.price_cents
    assert appointment.end - appointment.start == timedelta(minutes=50)
    steps = list(
        AppointmentTransition.objects.filter(appointment=appointment).values_list(
            "from_status", "to_status", "by"
        )
    )
    assert steps == [("", Status.HELD, person.pk), (Status.HELD, Status.CONFIRMED, person.pk)]


def test_with_payment_the_hold_waits_and_expires_by_itself(
    practitioner, person, other_person, settings, frozen_now
):
    settings.BOOKING_REQUIRES_PAYMENT = True
    first = hold(practitioner, person)
    assert first.status == Status.HELD
    assert first.hold_expires_at == first.created_at + timedelta(minutes=30)
    with pytest.raises(services.SlotTaken):
        hold(practitioner, other_person)
    frozen_now.shift(timedelta(minutes=30, seconds=1))
    second = hold(practitioner, other_person)
    first.refresh_from_db()
    assert (first.status, second.status) == (Status.EXPIRED, Status.HELD)
    with pytest.raises(services.SlotTaken):
        services.confirm_appointment(first)


def test_the_hold_lasts_at_least_thirty_minutes(practitioner, person, settings, frozen_now):
    settings.BOOKING_REQUIRES_PAYMENT = True
    settings.BOOKING_HOLD_MINUTES = 5
    appointment = hold(practitioner, person)
    assert appointment.hold_expires_at - appointment.created_at >= timedelta(minutes=30)


def test_a_slot_outside_the_schedule_is_refused(practitioner, person, frozen_now):
    with pytest.raises(services.BookingRefused) as refused:
        hold(practitioner, person, start=at(1, days=5))  # Saturday
    assert not isinstance(refused.value, services.SlotTaken)
    with pytest.raises(services.BookingRefused):
        hold(practitioner, person, start=at(1.5))  # 10:30 is not a step of the schedule
    assert not Appointment.objects.exists()


def test_a_practitioner_cannot_book_themselves(practitioner, practitioner_account, frozen_now):
    with pytest.raises(services.BookingRefused):
        hold(practitioner, practitioner_account)


def test_the_database_refuses_overlapping_blocked_ranges(practitioner, person, other_person, frozen_now):
    appointment = hold(practitioner, person)
    clone = Appointment(
        practitioner=practitioner,
        person=other_person,
        start=appointment.start + timedelta(minutes=55),  # inside the 10-minute buffer after
        end=appointment.end + timedelta(minutes=55),
        blocked_start=appointment.start + timedelta(minutes=55),
        blocked_end=appointment.blocked_end + timedelta(minutes=55),
        status=Status.CONFIRMED,
        visit="first",
        price_cents=1,
    )
    with pytest.raises(IntegrityError, match="appointment_no_overlap"), transaction.atomic():
        clone.save()
    # A cancelled appointment frees its range for the constraint too.
    services.cancel_appointment(appointment, by=person)
    clone.save()


@pytest.mark.django_db(transaction=True)
def test_concurrent_holds_of_one_slot_book_it_once(practitioner, person, other_person, frozen_now):
    people = [person, other_person]
    outcomes, barrier = [], threading.Barrier(len(people))

    def attempt(who):
        try:
            barrier.wait()
            hold(practitioner, who)
            outcomes.append("booked")
        except services.SlotTaken:
            outcomes.append("taken")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(who,)) for who in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "taken"]
    assert Appointment.objects.filter(status=Status.CONFIRMED).count() == 1


@pytest.mark.parametrize(("minutes_before_deadline", "refunded"), [(1, True), (0, True), (-1, False)])
def test_a_persons_cancellation_refunds_by_the_policy(
    practitioner, person, minutes_before_deadline, refunded
):
    with time_machine.travel(at(-72), tick=False) as traveller:
        appointment = hold(practitioner, person)
        deadline = appointment.start - timedelta(hours=BookingSettings.load().free_cancellation_hours)
        traveller.move_to(deadline - timedelta(minutes=minutes_before_deadline))
        appointment, refund = services.cancel_appointment(appointment, by=person)
    assert appointment.status == Status.CANCELLED_BY_USER
    assert refund == (appointment.price_cents if refunded else 0)


def test_a_practitioners_cancellation_always_refunds_in_full(practitioner, person, practitioner_account):
    with time_machine.travel(at(-30), tick=False) as traveller:
        appointment = hold(practitioner, person)
        traveller.move_to(at(-1))
        appointment, refund = services.cancel_appointment(appointment, by=practitioner_account)
    assert appointment.status == Status.CANCELLED_BY_PRACTITIONER
    assert refund == appointment.price_cents


def test_editors_set_the_free_cancellation_delay(practitioner, person):
    settings_row = BookingSettings.load()
    settings_row.free_cancellation_hours = 48
    settings_row.save()
    with time_machine.travel(at(-72), tick=False) as traveller:
        appointment = hold(practitioner, person)
        traveller.move_to(at(-46))  # 47 h before the 10:00 (Paris) start
        assert selectors.refund_due_cents(appointment, by_practitioner=False) == 0


def test_a_stranger_cannot_cancel(practitioner, person, other_person, frozen_now):
    appointment = hold(practitioner, person)
    with pytest.raises(services.BookingRefused):
        services.cancel_appointment(appointment, by=other_person)
    appointment.refresh_from_db()
    assert appointment.status == Status.CONFIRMED


def test_rescheduling_keeps_the_appointment_and_frees_the_old_time(
    practitioner, person, other_person, frozen_now
):
    appointment = hold(practitioner, person)
    moved = services.reschedule_appointment(appointment, by=person, start=at(2))
    assert moved.pk == appointment.pk
    assert moved.start == at(2)
    assert moved.sequence > appointment.sequence
    assert hold(practitioner, other_person, start=at(1)).status == Status.CONFIRMED
    with pytest.raises(services.SlotTaken):
        services.reschedule_appointment(moved, by=person, start=at(1))
    moved.refresh_from_db()
    assert moved.start == at(2)


def test_rescheduling_to_its_own_neighbouring_slot_is_allowed(practitioner, person, frozen_now):
    """Its own current time does not count as busy: 10:00 → 11:00 overlaps only itself."""
    appointment = hold(practitioner, person)
    practitioner.schedule.slot_step_minutes = 30
    practitioner.schedule.save()
    moved = services.reschedule_appointment(appointment, by=person, start=at(1.5))
    assert moved.start == at(1.5)


def test_a_finished_appointment_cannot_go_back(practitioner, person, frozen_now):
    appointment = hold(practitioner, person)
    services.mark_completed(appointment)
    with pytest.raises(services.BookingRefused):
        services.mark_completed(appointment, no_show=True)


def test_the_reason_is_ciphertext_in_its_column(practitioner, person, frozen_now):
    appointment = hold(practitioner, person, reason="Deuil récent")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM booking_appointment WHERE id = %s", [appointment.pk])
        stored = cursor.fetchone()[0]
    assert "Deuil" not in stored
    assert stored.startswith("gAAAA")
    assert Appointment.objects.get(pk=appointment.pk).reason == "Deuil récent"


def test_after_rotating_to_a_new_key_the_old_key_can_go_and_every_reason_reads(
    practitioner, person, frozen_now
):
    import io

    from cryptography.fernet import Fernet
    from django.core.management import call_command
    from django.test import override_settings

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old]):
        appointment = hold(practitioner, person, reason="Attaques de panique")
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, old]):
        call_command("rotate_field_keys", stdout=io.StringIO())
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert Appointment.objects.get(pk=appointment.pk).reason == "Attaques de panique"
