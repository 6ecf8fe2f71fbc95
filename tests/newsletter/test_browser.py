"""The account-area newsletter page and the unsubscribe page in a real browser (axe)."""

import pytest
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from newsletter import selectors, services, tokens
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_newsletter_page_has_no_axe_violations_and_the_toggle_works(live_server, browser_page):
    person = UserFactory(email="lettre@example.fr")
    browser_page.goto(live_server.url + "/fr/compte/login/?next=/fr/mon-compte/lettre-d-information/")
    browser_page.fill("#id_login", person.email)
    browser_page.fill("#id_password", DEFAULT_PASSWORD)
    browser_page.click("main form button[type=submit]")
    browser_page.wait_for_url("**/mon-compte/lettre-d-information/")
    assert axe_violations(browser_page) == []

    browser_page.get_by_label("Je souhaite recevoir la lettre d’information").check()
    browser_page.get_by_role("button", name="Enregistrer").click()
    expect(browser_page.locator("#newsletter-state")).to_contain_text("attend votre confirmation")
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []
    assert selectors.state_of(person) == "subscribed"


def test_the_unsubscribe_page_has_no_axe_violations_and_its_button_withdraws(live_server, browser_page):
    person = UserFactory(email="depart@example.fr")
    services.request_subscription(user=person, source="account")
    token = tokens.unsubscribe_token(user_id=person.pk)
    browser_page.goto(f"{live_server.url}/lettre-d-information/desinscription/{token}/")
    assert axe_violations(browser_page) == []
    assert selectors.state_of(person) == "subscribed"  # opening the page changes nothing

    browser_page.get_by_role("button", name="Me désabonner").click()
    expect(browser_page.locator("h1")).to_have_text("Désabonnement enregistré")
    assert axe_violations(browser_page) == []
    assert selectors.state_of(person) == "withdrawn"
