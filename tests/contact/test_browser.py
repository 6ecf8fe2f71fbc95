"""The contact page in a real browser: no axe violations (with and without errors), a message sent."""

import pytest
from playwright.sync_api import expect

from contact.models import ContactMessage
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/fr/contact/", "/en/contact/"])
def test_the_contact_page_has_no_axe_violations_even_with_errors_shown(
    live_server, demo_content, browser_page, path
):
    browser_page.goto(live_server.url + path)
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []  # a CSP refusal would show here

    browser_page.locator("form.form button[type=submit]").click()

    expect(browser_page.locator("#form-errors")).to_be_visible()
    assert axe_violations(browser_page) == []
    # The page with errors is answered 400 (Chromium logs that status), and nothing else.
    assert [e for e in browser_page.console_errors if "status of 400" not in e] == []


def test_a_person_sends_a_message_and_is_told_its_reference(
    live_server, demo_content, browser_page, settings
):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    page = browser_page
    page.goto(live_server.url + "/fr/contact/")

    page.get_by_label("Nom").fill("Julie Marchand")
    page.get_by_label("Adresse e-mail").fill("julie@example.fr")
    page.get_by_label("Sujet").select_option(label="Mon compte")
    page.get_by_role("textbox", name="Message", exact=True).fill("Je n'arrive pas à me connecter.")
    # The honeypot is not offered to people: not reachable by its label for assistive technologies.
    expect(page.get_by_role("textbox", name="Laissez ce champ vide")).to_have_count(0)
    page.locator("#id_accept_privacy_policy").check()
    page.get_by_role("button", name="Envoyer mon message").click()

    expect(page.locator(".alert--success")).to_contain_text("Merci, votre message est bien parti")
    message = ContactMessage.objects.get(email="julie@example.fr")
    expect(page.locator(".alert--success")).to_contain_text(message.short_reference)
