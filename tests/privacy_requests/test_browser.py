"""The person's pages in Chromium: no axe violations (errors shown too), and the erasure flow."""

import pytest
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD
from privacy_requests import services
from privacy_requests.models import DataSubjectRequest
from tests.conftest import axe_violations, signed_in_context

LIST = "/fr/mon-compte/mes-donnees/demandes/"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_page(browser, live_server, user, locale="fr-FR"):
    page = signed_in_context(browser, live_server.url, user, locale=locale).new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    return page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_persons_pages_have_no_axe_violations(live_server, browser, home_page, person, language):
    dsr = services.record_request(kind="access", channel="privacy_centre", user=person, acknowledge=False)
    base = LIST.replace("/fr/", f"/{language}/")
    page = _signed_in_page(browser, live_server, person)
    for path in (base, f"{base}{dsr.pk}/", f"{base}nouvelle/", f"{base}effacement/"):
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert axe_violations(page) == [], path

    # With errors shown: the request form without its text, the erasure with a wrong password.
    page.goto(f"{base}nouvelle/")
    page.locator("#id_kind").select_option("other")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".alert--error")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{base}effacement/")
    page.locator("#id_password").fill("pas-le-bon")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".alert--error")).to_be_visible()
    assert axe_violations(page) == []
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_a_person_erases_their_account_in_the_browser(live_server, browser, home_page, person):
    page = _signed_in_page(browser, live_server, person)
    page.goto(LIST)
    page.get_by_role("link", name="Effacer mon compte et mes données").click()
    expect(page.get_by_role("heading", name="Ce qui doit être conservé, et pourquoi")).to_be_visible()

    page.get_by_label("Votre mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Effacer définitivement mon compte").click()

    expect(page.get_by_role("heading", name="Vos données ont été effacées", level=1)).to_be_visible()
    assert axe_violations(page) == []
    assert DataSubjectRequest.objects.get(user=person).status == "answered"
    page.goto(LIST)
    assert "/compte/login/" in page.url  # signed out
