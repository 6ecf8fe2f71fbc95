"""The rights pages in a real browser: no axe violations, the switches and forms work."""

import pytest
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from privacy.services import log_access
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RIGHTS = "/fr/mon-compte/mes-donnees/droits/"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/fr/compte/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/mon-compte/")


def test_rights_page_switches_and_restriction(live_server, browser_page):
    person = UserFactory(email="droits@example.fr")
    sign_in(browser_page, live_server, person.email)
    browser_page.goto(live_server.url + RIGHTS)
    assert axe_violations(browser_page) == []

    browser_page.get_by_role("button", name="Désactiver les rappels").click()
    expect(browser_page.get_by_role("button", name="Activer les rappels")).to_be_visible()

    # The browser would block the missing answers itself; we test the server's answer.
    browser_page.evaluate("document.querySelector('#limitation form').noValidate = true")
    browser_page.get_by_role("button", name="Limiter l’utilisation de mon compte").click()
    expect(browser_page.locator("#id_confirm_error")).to_contain_text("Cochez cette case")
    assert axe_violations(browser_page) == []
    browser_page.console_errors.clear()  # the 400 answer itself is logged by the browser

    browser_page.get_by_label("Je conteste l’exactitude de mes données").check()
    browser_page.locator("#id_confirm").check()
    browser_page.get_by_role("button", name="Limiter l’utilisation de mon compte").click()
    expect(browser_page.locator("#limitation .alert--warning")).to_contain_text("est limitée depuis le")
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []


def test_directives_page_with_errors_then_saved(live_server, browser_page):
    person = UserFactory(email="directives@example.fr")
    sign_in(browser_page, live_server, person.email)
    browser_page.goto(live_server.url + RIGHTS + "directives/")
    assert axe_violations(browser_page) == []

    browser_page.get_by_label("Transmettre mes données à ma personne de confiance").check()
    browser_page.get_by_role("button", name="Enregistrer mes directives").click()
    expect(browser_page.locator("#id_consent_error")).to_contain_text("Cochez la case de consentement")
    assert axe_violations(browser_page) == []

    browser_page.fill("#id_contact_name", "Alice Martin")
    browser_page.fill("#id_contact_email", "alice@example.fr")
    browser_page.locator("#id_consent").check()
    browser_page.get_by_role("button", name="Enregistrer mes directives").click()
    expect(browser_page.get_by_role("button", name="Retirer mes directives")).to_be_visible()
    assert axe_violations(browser_page) == []


def test_access_log_page(live_server, browser_page):
    person = UserFactory(email="journal@example.fr")
    staff = UserFactory(email="equipe@example.fr", is_staff=True)
    log_access(actor=staff, subject=person, what="appointment.reason", why="Réclamation")
    sign_in(browser_page, live_server, person.email)
    browser_page.goto(live_server.url + RIGHTS + "consultations/")

    expect(browser_page.locator("table")).to_contain_text("Réclamation")
    assert axe_violations(browser_page) == []
