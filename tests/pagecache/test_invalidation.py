"""Every change a public page shows reaches the next anonymous visitor at once."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from booking import services
from booking.models import DateOverride, Schedule
from home.models import LegalEntitySettings
from legal.factories import make_version
from tests.booking.conftest import at

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


def test_a_booking_keeps_the_pages_that_show_no_slots_stored(client, two_bookable, friday):
    """Only the practitioner's profile and the directory are rendered again: the home page, the
    legal pages and the other practitioner's profile stay stored."""
    from accounts.factories import UserFactory

    booked, other = two_bookable
    urls = {
        "home": "/fr/",
        "legal": reverse("legal:index"),
        "directory": booked.pages.get().get_parent().url,
        "booked": _monday_url(booked),
        "other": _monday_url(other),
    }
    for url in urls.values():
        client.get(url)
    assert {name: state(client.get(url)) for name, url in urls.items()} == dict.fromkeys(urls, "hit")

    services.hold_slot(practitioner=booked, person=UserFactory(), start=at(1), visit="first")

    after = {name: state(client.get(url)) for name, url in urls.items()}
    assert after == {"home": "hit", "legal": "hit", "directory": "miss", "booked": "miss", "other": "hit"}


def test_a_schedule_change_renders_that_profile_again_not_the_others(client, two_bookable, friday):
    booked, other = two_bookable
    urls = {"home": "/fr/", "booked": _monday_url(booked), "other": _monday_url(other)}
    for url in urls.values():
        client.get(url)

    schedule = Schedule.objects.get(practitioner=booked)
    DateOverride.objects.create(
        schedule=schedule, start_date=at(1).date(), kind=DateOverride.Kind.UNAVAILABLE
    )

    assert {name: state(client.get(url)) for name, url in urls.items()} == {
        "home": "hit",
        "booked": "miss",
        "other": "hit",
    }


def test_a_lost_scope_number_renders_again(client, bookable, friday):
    """After Redis lost the scope's number (eviction, restart), an entry is never served as if
    current: a new number is made, which no entry carries."""
    from django.core.cache import caches

    from pagecache import generation

    url = _monday_url(bookable)
    client.get(url)
    assert state(client.get(url)) == "hit"
    caches[generation.CACHE_ALIAS].delete(generation.scope_key(f"slots:{bookable.pk}"))
    assert state(client.get(url)) == "miss"
    assert state(client.get(url)) == "hit"
