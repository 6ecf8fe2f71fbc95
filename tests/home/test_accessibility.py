"""The public layout in a real browser: no axe violations, a working skip link, no CSP breakage."""

import os

import pytest

from tests.conftest import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# serialized_rollback: the flush between transactional tests would drop the migrations' data.
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
        yield page
        browser.close()


@pytest.mark.parametrize("path", ["/fr/", "/en/", "/fr/comment-ca-marche/", "/en/contact/"])
@pytest.mark.parametrize("width", [1280, 375])
def test_public_pages_have_no_axe_violations(live_server, demo_content, browser_page, path, width):
    from axe_playwright_python.sync_playwright import Axe

    errors = []
    browser_page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    browser_page.set_viewport_size({"width": width, "height": 900})
    browser_page.goto(live_server.url + path)

    violations = Axe().run(browser_page).response["violations"]

    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    assert errors == []  # a CSP refusal (inline style or script) shows up here


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
