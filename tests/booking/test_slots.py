"""Free slots: weekly ranges, overrides, notice, horizon, buffers, holds, and daylight saving."""

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from booking import selectors, services
from booking.models import Appointment, DateOverride
from practitioners_directory.models import Practitioner

from .conftest import MONDAY, at, make_schedule

pytestmark = pytest.mark.django_db


def starts(practitioner, first_day, last_day=None):
    return [s.start for s in selectors.free_slots(practitioner, first_day, last_day or first_day)]


def test_a_weekday_offers_each_range_by_step_and_fits_the_length(practitioner, frozen_now):
    found = starts(practitioner, date(2027, 1, 11))
    # 09:00, 10:00, 11:00 fits 50 min before 12:00? 11:00+50 = 11:50 yes; 14..17 in the afternoon.
    assert [s.astimezone(practitioner.zone).time() for s in found] == [
        time(9),
        time(10),
        time(11),
        time(14),
        time(15),
        time(16),
        time(17),
    ]
    assert all(s.tzinfo is not None and s.utcoffset() == timedelta(0) for s in found)


def test_the_weekend_offers_nothing(practitioner, frozen_now):
    assert starts(practitioner, date(2027, 1, 9), date(2027, 1, 10)) == []


def test_minimum_notice_hides_slots_too_soon(practitioner):
    # Sunday 10:00 Paris: Monday 09:00 is 23 h away (< 24 h), 10:00 exactly 24 h (offered).
    with time_machine.travel(datetime(2027, 1, 10, 9, 0, tzinfo=UTC), tick=False):
        found = starts(practitioner, date(2027, 1, 11))
    assert found[0] == at(1)


def test_the_horizon_hides_slots_too_far(practitioner, frozen_now):
    schedule = practitioner.schedule
    schedule.horizon_days = 7
    schedule.save()
    assert starts(practitioner, date(2027, 1, 15))  # 7 days after Friday 10:00 UTC: Friday morning ok
    assert starts(practitioner, date(2027, 1, 18)) == []


def test_a_day_off_and_a_holiday_range_remove_their_days(practitioner, frozen_now):
    DateOverride.objects.create(schedule=practitioner.schedule, start_date=date(2027, 1, 11))
    DateOverride.objects.create(
        schedule=practitioner.schedule, start_date=date(2027, 1, 13), end_date=date(2027, 1, 14)
    )
    by_day = {d: bool(starts(practitioner, d)) for d in (date(2027, 1, d) for d in range(11, 16))}
    assert by_day == {
        date(2027, 1, 11): False,
        date(2027, 1, 12): True,
        date(2027, 1, 13): False,
        date(2027, 1, 14): False,
        date(2027, 1, 15): True,
    }


def test_extra_hours_open_a_saturday(practitioner, frozen_now):
    DateOverride.objects.create(
        schedule=practitioner.schedule,
        kind=DateOverride.Kind.EXTRA_HOURS,
        start_date=date(2027, 1, 16),
        start_time=time(10),
        end_time=time(12),
    )
    assert [s.astimezone(practitioner.zone).time() for s in starts(practitioner, date(2027, 1, 16))] == [
        time(10),
        time(11),
    ]


def test_a_confirmed_appointment_and_its_buffer_hide_the_neighbouring_slots(practitioner, person, frozen_now):
    schedule = practitioner.schedule
    schedule.slot_step_minutes = 30
    schedule.save()
    services.hold_slot(practitioner=practitioner, person=person, start=at(1), visit="first")  # 10:00
    local = [s.astimezone(practitioner.zone).time() for s in starts(practitioner, date(2027, 1, 11))]
    # Blocked 10:00–11:00 (50 min + 10 min after). 09:00–10:00 touches it, 09:30 and 10:30 overlap.
    assert time(9) in local
    assert time(9, 30) not in local
    assert time(10) not in local
    assert time(10, 30) not in local
    assert time(11) in local


def test_a_live_hold_counts_and_an_expired_hold_does_not(practitioner, person, settings, frozen_now):
    settings.BOOKING_REQUIRES_PAYMENT = True
    services.hold_slot(practitioner=practitioner, person=person, start=at(1), visit="first")
    assert at(1) not in starts(practitioner, date(2027, 1, 11))
    frozen_now.shift(timedelta(minutes=31))
    assert at(1) in starts(practitioner, date(2027, 1, 11))


@pytest.mark.parametrize(
    ("monday", "offset_hours"),
    [
        # The last Sunday of March 2027 is the 28th (02:00 → 03:00): Paris is UTC+1 then UTC+2.
        (date(2027, 3, 22), 1),
        (date(2027, 3, 29), 2),
        # The last Sunday of October 2027 is the 31st (03:00 → 02:00): UTC+2 then UTC+1.
        (date(2027, 10, 25), 2),
        (date(2027, 11, 1), 1),
    ],
)
def test_nine_oclock_in_paris_stays_nine_oclock_across_daylight_saving(practitioner, monday, offset_hours):
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        practitioner.schedule.horizon_days = 365
        practitioner.schedule.save()
        first = starts(practitioner, monday)[0]
    assert first == datetime.combine(monday, time(9), tzinfo=UTC) - timedelta(hours=offset_hours)


def test_a_range_through_the_spring_gap_still_gives_real_instants(practitioner):
    """An override on the night of the March change: 01:00–04:00 local is only two real hours."""
    with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        practitioner.schedule.horizon_days = 365
        practitioner.schedule.save()
        DateOverride.objects.create(
            schedule=practitioner.schedule,
            kind=DateOverride.Kind.EXTRA_HOURS,
            start_date=date(2027, 3, 28),
            start_time=time(1),
            end_time=time(4),
        )
        found = starts(practitioner, date(2027, 3, 28))
    assert found[0] == datetime(2027, 3, 28, 0, 0, tzinfo=UTC)  # 01:00 CET
    assert all(b - a >= timedelta(minutes=50) for a, b in itertools.pairwise(found))
    assert found[-1] + timedelta(minutes=50) <= datetime(2027, 3, 28, 2, 0, tzinfo=UTC)  # 04:00 CEST


def test_next_slots_for_many_practitioners_in_a_constant_number_of_queries(
    directory, django_assert_max_num_queries, frozen_now
):
    from tests.practitioners_directory.factories import make_practitioner

    practitioners = []
    for _ in range(12):
        page = make_practitioner(directory, photo=False)
        practitioner = Practitioner.objects.get(pk=page.practitioner_id)
        make_schedule(practitioner)
        practitioners.append(practitioner)
    with django_assert_max_num_queries(5):
        result = selectors.next_slots(practitioners)
    assert all(result[p.pk].start == MONDAY for p in practitioners)


def test_no_schedule_means_no_slot(directory, frozen_now):
    from tests.practitioners_directory.factories import make_practitioner

    page = make_practitioner(directory, photo=False)
    practitioner = Practitioner.objects.get(pk=page.practitioner_id)
    assert selectors.next_slots([practitioner]) == {practitioner.pk: None}
    assert not Appointment.objects.exists()
