"""Account pages in a real browser: no axe violations, errors announced, no CSP breakage."""

import os

import pytest

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.conftest import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        console_errors = []
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        page.console_errors = console_errors
        yield page
        browser.close()


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


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


def test_profile_page_has_no_axe_violations(live_server, browser_page):
    person = UserFactory(email="profil@example.fr")
    browser_page.goto(live_server.url + "/fr/compte/login/")
    browser_page.fill("#id_login", person.email)
    browser_page.fill("#id_password", DEFAULT_PASSWORD)
    browser_page.click("main form button[type=submit]")
    browser_page.wait_for_url("**/mon-compte/")

    assert "profil@example.fr" in browser_page.locator("main").inner_text()
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []
