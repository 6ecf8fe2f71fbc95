"""A confirmed 50-minute appointment on Monday 2027-01-11 at 09:00 Paris (08:00 UTC): its room
opens at 07:50 UTC and closes at 09:05 UTC (defaults 10 and 15 minutes)."""

from datetime import UTC, datetime

import pytest
import time_machine

from booking import services as booking_services
from booking.models import Appointment
from tests.booking.conftest import (  # noqa: F401
    MONDAY,
    directory,
    other_person,
    person,
    practitioner,
    practitioner_account,
)
from tests.conftest import session_cookie  # noqa: F401 (used by the consumer tests)

OPENS = datetime(2027, 1, 11, 7, 50, tzinfo=UTC)
CLOSES = datetime(2027, 1, 11, 9, 5, tzinfo=UTC)


@pytest.fixture
def appointment(practitioner, person) -> Appointment:  # noqa: F811 (the fixtures imported above)
    with time_machine.travel(datetime(2027, 1, 8, 10, 0, tzinfo=UTC), tick=False):
        appointment = booking_services.hold_slot(
            practitioner=practitioner, person=person, start=MONDAY, visit=Appointment.Visit.FIRST
        )
    assert appointment.status == Appointment.Status.CONFIRMED
    return appointment


def appointment_now(practitioner, person, *, started_minutes_ago: float = 5) -> Appointment:  # noqa: F811
    """A confirmed appointment in progress (rows, as the demo makes them: booking's rules refuse
    to book a time that has started)."""
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now().replace(microsecond=0) - timedelta(seconds=round(started_minutes_ago * 60))
    end = start + timedelta(minutes=practitioner.consultation_minutes)
    return Appointment.objects.create(
        practitioner=practitioner,
        person=person,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end,
        status=Appointment.Status.CONFIRMED,
        visit=Appointment.Visit.FOLLOW_UP,
        price_cents=practitioner.price_cents or 0,
    )
