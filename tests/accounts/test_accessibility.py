"""Account pages in a real browser: no axe violations, errors announced, no CSP breakage."""

import pytest

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/fr/compte/signup/", "/fr/compte/login/", "/fr/compte/password/reset/"])
def test_entrance_pages_have_no_axe_violations(live_server, browser_page, path):
    browser_page.goto(live_server.url + path)

    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []


def test_signup_errors_are_announced_and_accessible(live_server, browser_page):
    browser_page.goto(live_server.url + "/fr/compte/signup/")
    browser_page.fill("#id_email", "jeune@example.fr")
    browser_page.fill("#id_password1", "Un-mot-de-passe-solide-42")
    browser_page.fill("#id_password2", "Un-mot-de-passe-solide-42")
    browser_page.fill("#id_first_name", "Léa")
    browser_page.fill("#id_last_name", "Petit")
    browser_page.select_option("#id_gender", "female")
    browser_page.fill("#id_postal_code", "31000")
    # The browser would block the missing attestation itself; we test the server's answer.
    browser_page.evaluate("document.querySelector('#signup-form').noValidate = true")
    browser_page.click("#signup-form button[type=submit]")

    alert = browser_page.locator("[role=alert]")
    assert alert.count() == 1
    message = browser_page.locator("#id_is_adult_error").inner_text()
    assert "réservé aux personnes majeures" in message
    checkbox = browser_page.locator("#id_is_adult")
    assert checkbox.get_attribute("aria-invalid") == "true"
    assert checkbox.get_attribute("aria-describedby") == "id_is_adult_error"
    assert axe_violations(browser_page) == []


def test_a_full_signup_in_the_browser_reaches_the_verification_page(live_server, browser_page):
    browser_page.goto(live_server.url + "/fr/compte/signup/")
    browser_page.fill("#id_email", "adulte@example.fr")
    browser_page.fill("#id_password1", "Un-mot-de-passe-solide-42")
    browser_page.fill("#id_password2", "Un-mot-de-passe-solide-42")
    browser_page.fill("#id_first_name", "Hugo")
    browser_page.fill("#id_last_name", "Moreau")
    browser_page.select_option("#id_gender", "male")
    browser_page.fill("#id_postal_code", "44000")
    browser_page.check("#id_is_adult")
    browser_page.click("#signup-form button[type=submit]")

    browser_page.wait_for_url("**/compte/confirm-email/")
    assert "boîte de réception" in browser_page.locator("main").inner_text()
    assert axe_violations(browser_page) == []


@pytest.mark.parametrize("role", ["user", "practitioner"])
def test_profile_page_has_no_axe_violations(live_server, browser_page, role):
    person = UserFactory(email="profil@example.fr", role=role)
    browser_page.goto(live_server.url + "/fr/compte/login/")
    browser_page.fill("#id_login", person.email)
    browser_page.fill("#id_password", DEFAULT_PASSWORD)
    browser_page.click("main form button[type=submit]")
    browser_page.wait_for_url("**/mon-compte/")

    assert "profil@example.fr" in browser_page.locator("main").inner_text()
    edit_link = browser_page.get_by_role("link", name="Modifier mon profil de praticien")
    assert edit_link.count() == (1 if role == "practitioner" else 0)
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []
