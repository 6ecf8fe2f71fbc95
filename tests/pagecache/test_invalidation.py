"""Every change a public page shows reaches the next anonymous visitor at once."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import Site

from booking import services
from booking.models import DateOverride, Schedule
from home.models import LegalEntitySettings
from legal.factories import make_version
from tests.booking.conftest import at, make_schedule
from tests.practitioners_directory.factories import make_practitioner

pytestmark = pytest.mark.django_db


def state(response) -> str:
    return response["X-Page-Cache"]


def test_a_new_legal_version_is_shown_at_once(client, home_page):
    url = reverse("legal:index")
    client.get(url)
    assert state(client.get(url)) == "hit"

    make_version("privacy_policy", 1, title="Politique de confidentialité, édition nouvelle")

    response = client.get(url)
    assert state(response) == "miss"
    assert "Politique de confidentialité" in response.content.decode()


def test_saving_a_site_setting_is_shown_at_once(client, home_page):
    client.get("/fr/")
    assert state(client.get("/fr/")) == "hit"

    legal = LegalEntitySettings.for_site(Site.objects.get(is_default_site=True))
    legal.company_name = "Psyconsult Éditions SAS"
    legal.save()

    response = client.get("/fr/")
    assert "Psyconsult Éditions SAS" in response.content.decode()


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


def _monday_url(practitioner):
    return practitioner.pages.get().url + "?semaine=2027-01-11"


def test_a_booking_removes_its_slot_from_the_stored_profile(client, bookable, friday):
    from accounts.factories import UserFactory
    from booking.slots import Slot

    slot_link = Slot(at(1), at(1)).key
    url = _monday_url(bookable)
    assert slot_link in client.get(url).content.decode()
    assert state(client.get(url)) == "hit"

    services.hold_slot(practitioner=bookable, person=UserFactory(), start=at(1), visit="first")

    response = client.get(url)
    assert state(response) == "miss"
    assert slot_link not in response.content.decode()


def test_a_day_off_in_the_schedule_is_shown_at_once(client, bookable, friday):
    from booking.slots import Slot

    slot_link = Slot(at(1), at(1)).key
    url = _monday_url(bookable)
    client.get(url)
    assert state(client.get(url)) == "hit"

    DateOverride.objects.create(
        schedule=Schedule.objects.get(practitioner=bookable),
        start_date=at(1).date(),
        kind=DateOverride.Kind.UNAVAILABLE,
    )

    assert slot_link not in client.get(url).content.decode()
