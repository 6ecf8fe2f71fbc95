"""The site header on a phone, in Debian's Chromium: compact, with an accessible menu button."""

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
# Without a cookie choice the banner covers the bottom half of a phone's screen.
REFUSED = "#cc button[value=refuse_all]"


def header_height(tab) -> float:
    return tab.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def test_on_a_phone_the_header_is_compact_and_its_menu_button_shows_every_link(
    live_server, demo_content, browser_page_factory
):
    tab = browser_page_factory(viewport=PHONE)
    tab.goto(live_server.url + "/fr/")
    tab.locator(REFUSED).click()
    button = tab.get_by_role("button", name="Menu")
    menu_links = [
        tab.get_by_role("navigation", name=nav).get_by_role("link", name=link)
        for nav, link in (
            ("Navigation principale", "Comment ça marche"),
            ("Votre compte", "Se connecter"),
            ("Choix de la langue", "English"),
        )
    ]

    assert header_height(tab) <= 80
    assert button.get_attribute("aria-expanded") == "false"
    assert tab.locator(f"#{button.get_attribute('aria-controls')}").count() == 1
    assert not any(link.is_visible() for link in menu_links)
    assert axe_violations(tab) == []

    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert all(link.is_visible() for link in menu_links)
    assert axe_violations(tab) == []

    # Keyboard: Escape closes and gives focus back; Enter opens; Tab goes on into the menu.
    menu_links[0].focus()
    tab.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert tab.evaluate("document.activeElement.classList.contains('menu-toggle')")
    tab.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Trouver un psychologue"
    with tab.expect_navigation():
        menu_links[0].click()
    assert tab.url.endswith("/fr/comment-ca-marche/")
    assert tab.console_errors == []

    # On a wide screen there is no button: the menu is always shown.
    tab.set_viewport_size({"width": 1280, "height": 800})
    assert not tab.get_by_role("button", name="Menu").is_visible()
    assert all(link.is_visible() for link in menu_links)


def test_without_javascript_the_phone_menu_is_shown_and_the_button_hidden(
    live_server, demo_content, browser_page_factory
):
    tab = browser_page_factory(viewport=PHONE, java_script_enabled=False)
    tab.goto(live_server.url + "/en/")

    assert not tab.get_by_role("button", name="Menu").is_visible()
    for name in ("How it works", "Sign in", "Français"):
        assert tab.locator(".site-header").get_by_role("link", name=name).is_visible()
