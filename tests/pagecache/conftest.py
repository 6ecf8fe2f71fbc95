"""Fixtures of the page cache tests: bookable practitioners on a Friday."""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.booking.conftest import make_schedule
from tests.practitioners_directory.factories import make_practitioner


@pytest.fixture
def bookable(home_page):
    from practitioners_directory.models import DirectoryPage, Practitioner

    directory = DirectoryPage(title="Annuaire", slug="annuaire")
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    page = make_practitioner(directory, first_name="Léa", last_name="Moreau", consultation_minutes=50)
    practitioner = Practitioner.objects.get(pk=page.practitioner_id)
    make_schedule(practitioner)
    return practitioner


@pytest.fixture
def friday():
    with time_machine.travel(datetime(2027, 1, 8, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def two_bookable(bookable):
    from practitioners_directory.models import DirectoryPage, Practitioner

    directory = DirectoryPage.objects.get()
    page = make_practitioner(directory, first_name="Hugo", last_name="Lefèvre", consultation_minutes=50)
    other = Practitioner.objects.get(pk=page.practitioner_id)
    make_schedule(other)
    return bookable, other
