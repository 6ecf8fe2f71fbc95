"""The banner in Debian's Chromium, with and without JavaScript, and axe on banner and settings page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ESSENTIAL = {"cookie_consent", "csrftoken", "sessionid", "messages", "django_language"}


@pytest.fixture
def page(browser_page_factory):
    return browser_page_factory()


@pytest.fixture
def nojs_page(browser_page_factory):
    return browser_page_factory(java_script_enabled=False)


@pytest.fixture
def site(live_server, demo_content):
    cache.clear()
    return live_server.url


def cookie_names(tab) -> set[str]:
    return {c["name"] for c in tab.context.cookies()}


def gated_scripts(tab) -> int:
    return tab.evaluate("document.querySelectorAll('script[src*=\"/cookies/code.js\"]').length")


def test_refuse_all_with_javascript_no_reload_no_cookie_no_script_and_a_matching_receipt(site, page):
    from consent.models import ConsentReceipt

    page.goto(site + "/fr/")
    banner = page.get_by_role("dialog", name="Vos choix de cookies")
    assert banner.is_visible()
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("button", name="Tout refuser").click()

    banner.wait_for(state="hidden")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert page.locator("#cc-status").text_content() == "Vos choix de cookies sont enregistrés."
    assert cookie_names(page) <= ESSENTIAL
    assert gated_scripts(page) == 0
    assert page.evaluate("typeof window.psyconsultAudience") == "undefined"

    with page.expect_navigation():
        page.get_by_role("link", name="Gestion des cookies").click()
    consent_id = page.locator("#cc-consent-id").text_content()
    receipt = ConsentReceipt.objects.get()
    assert receipt.consent_id == consent_id
    assert receipt.decision == "refuse_all"
    assert receipt.refused_groups == ["mesure_audience", "chat_assistance"]
    assert "refusé" in page.locator("main").inner_text()
    assert page.console_errors == []


def test_accept_all_loads_the_gated_code_then_withdrawal_deletes_its_cookies(site, page):
    page.goto(site + "/fr/")
    page.get_by_role("button", name="Tout accepter").click()
    page.wait_for_function("() => window.psyconsultAudience === true && window.psyconsultChat === true")
    assert gated_scripts(page) == 1
    # The chat's own cookie, as support.views.start sets it when the chat opens.
    page.context.add_cookies([{"name": "psy_chat", "value": "v" * 43, "url": site}])
    assert {"psy_chat"} <= cookie_names(page)

    page.goto(site + "/fr/cookies/")
    page.get_by_label("J’accepte : Chat d’assistance").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer mes choix").click()

    names = cookie_names(page)
    assert "psy_chat" not in names
    page.wait_for_function("() => window.psyconsultAudience === true")
    assert page.evaluate("typeof window.psyconsultChat") == "undefined"
    assert page.console_errors == []


def test_customise_with_the_keyboard_dialog_focus_and_escape(site, page):
    page.goto(site + "/fr/")
    page.keyboard.press("Tab")  # skip link
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Personnaliser":
            break
    customise = page.get_by_role("button", name="Personnaliser")
    assert customise.evaluate("el => el === document.activeElement")

    page.keyboard.press("Enter")
    assert customise.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "cc-panel"
    page.keyboard.press("Escape")
    assert customise.get_attribute("aria-expanded") == "false"
    assert customise.evaluate("el => el === document.activeElement")  # focus returned

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "cc-g-mesure_audience"
    page.keyboard.press("Space")
    page.get_by_role("button", name="Enregistrer mes choix").focus()
    page.keyboard.press("Enter")

    page.get_by_role("dialog").wait_for(state="hidden")
    assert page.evaluate("document.activeElement !== document.body")  # focus not lost
    page.wait_for_function("() => window.psyconsultAudience === true")
    assert page.evaluate("typeof window.psyconsultChat") == "undefined"


def test_a_returning_visitor_never_sees_the_banner_until_a_policy_requires_it(site, page):
    from legal.factories import make_version

    page.goto(site + "/fr/")
    page.get_by_role("button", name="Tout refuser").click()
    page.get_by_role("dialog").wait_for(state="hidden")

    page.goto(site + "/fr/", wait_until="domcontentloaded")
    assert not page.locator("#cc").is_visible()

    number = 1 + max(
        v.number
        for v in __import__("legal.models", fromlist=["PolicyVersion"]).PolicyVersion.objects.filter(
            document__kind="cookie_policy"
        )
    )
    make_version(
        "cookie_policy",
        number,
        effective_at=timezone.now() - timedelta(minutes=1),
        requires_reacceptance=True,
    )
    cache.clear()

    page.goto(site + "/fr/")
    assert page.get_by_role("dialog", name="Vos choix de cookies").is_visible()


def test_without_javascript_refuse_redirects_back_and_hides_the_banner(site, nojs_page):
    from consent.models import ConsentReceipt

    nojs_page.goto(site + "/fr/")
    assert nojs_page.locator("#cc").is_visible()

    with nojs_page.expect_navigation():
        nojs_page.get_by_role("button", name="Tout refuser").click()

    assert nojs_page.url == site + "/fr/"
    assert not nojs_page.locator("#cc").is_visible()
    assert "Vos choix de cookies sont enregistrés." in nojs_page.content()
    assert ConsentReceipt.objects.get().decision == "refuse_all"
    assert {c["name"] for c in nojs_page.context.cookies()} <= ESSENTIAL


def test_without_javascript_customise_goes_to_the_settings_page_and_back(site, nojs_page):
    from consent.models import ConsentReceipt

    nojs_page.goto(site + "/fr/")
    with nojs_page.expect_navigation():
        nojs_page.get_by_role("button", name="Personnaliser").click()
    assert "/fr/cookies/" in nojs_page.url

    nojs_page.get_by_label("J’accepte : Mesure d’audience").check()
    with nojs_page.expect_navigation():
        nojs_page.get_by_role("button", name="Enregistrer mes choix").click()

    assert ConsentReceipt.objects.get().accepted_groups == ["mesure_audience"]
    assert "accepté" in nojs_page.locator("main").inner_text()
    with nojs_page.expect_navigation():
        nojs_page.get_by_role("link", name="Revenir à la page précédente").click()
    assert nojs_page.url == site + "/fr/"
    assert not nojs_page.locator("#cc").is_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_banner_has_no_axe_violations_closed_and_customising(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/fr/")
    assert page.locator("#cc").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Personnaliser").click()
    assert page.locator("#cc-panel").is_visible()
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_settings_page_has_no_axe_violations(site, page):
    page.goto(site + "/fr/")
    page.get_by_role("button", name="Tout accepter").click()
    page.get_by_role("dialog").wait_for(state="hidden")

    page.goto(site + "/fr/cookies/")

    assert page.locator("#cc-consent-id").is_visible()
    assert axe_violations(page) == []
    assert page.console_errors == []
