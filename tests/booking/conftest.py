"""A bookable practitioner: a published profile, an account, Mon–Fri 09:00–12:00 and 14:00–18:00."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from wagtail.models import Site

from accounts.factories import UserFactory
from booking.models import Schedule, WeeklyRange
from practitioners_directory.models import DirectoryPage, Practitioner
from tests.practitioners_directory.factories import make_practitioner

# A Monday in winter (Paris = UTC+1): 2027-01-11 08:00 UTC = 09:00 in Paris.
MONDAY = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now():
    """Friday 2027-01-08 10:00 UTC: the next Monday is more than 24 h away."""
    with time_machine.travel(datetime(2027, 1, 8, 10, 0, tzinfo=UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def directory(db):
    root = Site.objects.get(is_default_site=True).root_page
    page = DirectoryPage(title="Trouver un psychologue", slug="annuaire-booking")
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_schedule(
    practitioner, *, days=range(5), ranges=((time(9), time(12)), (time(14), time(18))), **rules
):
    rules = {"buffer_before_minutes": 0, "buffer_after_minutes": 10, "slot_step_minutes": 60, **rules}
    schedule = Schedule.objects.create(practitioner=practitioner, **rules)
    for day in days:
        for start, end in ranges:
            WeeklyRange.objects.create(schedule=schedule, weekday=day, start_time=start, end_time=end)
    return schedule


@pytest.fixture
def practitioner_account(db):
    return UserFactory(
        email="psy.booking@example.fr", role="practitioner", first_name="Léa", last_name="Moreau"
    )


@pytest.fixture
def practitioner(directory, practitioner_account) -> Practitioner:
    page = make_practitioner(
        directory, first_name="Léa", last_name="Moreau", user=practitioner_account, consultation_minutes=50
    )
    practitioner = Practitioner.objects.get(pk=page.practitioner_id)
    make_schedule(practitioner)
    return practitioner


@pytest.fixture
def person(db):
    return UserFactory(email="patient.booking@example.fr", first_name="Jules", last_name="Bernard")


@pytest.fixture
def other_person(db):
    return UserFactory(email="autre.patient@example.fr", first_name="Anna", last_name="Petit")


def at(hours: float = 0, days: int = 0, base=MONDAY) -> datetime:
    return base + timedelta(days=days, hours=hours)
