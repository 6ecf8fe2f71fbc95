"""Booking in Chromium, with and without JavaScript: slot → sign in → form → appointment; axe."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from booking.models import Appointment
from practitioners_directory.models import Practitioner
from tests.conftest import axe_violations
from tests.practitioners_directory.factories import make_practitioner

from .conftest import make_schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_practitioner(directory):
    page = make_practitioner(directory, first_name="Claire", last_name="Fontaine", photo=False)
    practitioner = Practitioner.objects.get(pk=page.practitioner_id)
    make_schedule(practitioner, days=range(7), ranges=((time(8), time(20)),))
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_visitor_books_a_slot_end_to_end(live_server, browser_page_factory, open_practitioner, javascript):
    person = UserFactory(email="claire.patient@example.fr", first_name="Zoé", last_name="Garnier")
    page = browser_page_factory(java_script_enabled=javascript)
    page.goto(live_server.url + open_practitioner.url)
    expect(page.get_by_role("heading", name="Prendre rendez-vous")).to_be_visible()
    assert not javascript or axe_violations(page) == []  # axe runs in the page: JS only

    if not page.locator("a.slot").count():
        page.get_by_role("link", name="Semaine suivante").first.click()
    slot = page.locator("a.slot").first
    slot_href = slot.get_attribute("href")
    slot.click()
    # Not signed in: the login form, then back to the same slot.
    page.locator("#id_login").fill(person.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"**{slot_href}")
    assert page.url.endswith(slot_href)
    expect(page.get_by_role("heading", name="Réserver une consultation")).to_be_visible()
    assert not javascript or axe_violations(page) == []  # axe runs in the page: JS only

    page.get_by_label("Première consultation").check()
    page.get_by_label("Motif de consultation").fill("Difficultés de sommeil")
    page.get_by_role("button", name="Confirmer la réservation").click()
    # Playwright's click does not wait for the page it leads to: wait for it before reading.
    page.wait_for_url(re.compile(r"/rendez-vous/[0-9a-f-]{36}/$"))

    appointment = Appointment.objects.get(person=person)
    assert appointment.status == Appointment.Status.CONFIRMED
    assert page.url.endswith(f"/rendez-vous/{appointment.reference}/")
    expect(page.get_by_text("Difficultés de sommeil")).to_be_visible()

    page.get_by_role("link", name="Retour à mes rendez-vous").click()
    expect(page.get_by_role("heading", name="Mes rendez-vous", level=1)).to_be_visible()
    expect(page.locator(".appointment")).to_have_count(1)
    assert not javascript or axe_violations(page) == []  # axe runs in the page: JS only


def test_the_week_of_slots_fits_a_phone_screen(live_server, browser_page_factory, open_practitioner):
    page = browser_page_factory(viewport={"width": 375, "height": 800})
    page.goto(live_server.url + open_practitioner.url)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
