"""The public layout in a real browser: no axe violations, a working skip link, no CSP breakage."""

import pytest

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/fr/", "/en/", "/fr/comment-ca-marche/", "/en/contact/"])
@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_have_no_axe_violations(live_server, demo_content, browser_page, path, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    browser_page.goto(live_server.url + path)

    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []  # a CSP refusal (inline style or script) shows up here


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, demo_content, browser_page):
    browser_page.goto(live_server.url + "/fr/")

    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu principal"
    browser_page.keyboard.press("Enter")

    assert browser_page.evaluate("document.activeElement.id") == "main"


def test_faq_answers_open_with_the_keyboard(live_server, demo_content, browser_page):
    browser_page.goto(live_server.url + "/fr/")
    question = browser_page.locator(".faq__question").first
    answer = browser_page.locator(".faq__answer").first
    assert not answer.is_visible()

    question.focus()
    browser_page.keyboard.press("Enter")

    assert answer.is_visible()


def test_the_not_found_page_has_no_axe_violations(live_server, demo_content, browser_page):
    response = browser_page.goto(live_server.url + "/fr/page-introuvable/")

    assert response.status == 404
    assert axe_violations(browser_page) == []
