"""The directory in a real browser: search and filter without JavaScript, axe, JSON-LD under CSP."""

import json

import pytest

from tests.conftest import axe_violations

from .factories import language, make_practitioner, methodology, theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser_page_factory):
    # JavaScript off: the directory must work as plain HTML forms and links.
    return browser_page_factory(java_script_enabled=False)


@pytest.fixture
def profiles(directory):
    emdr = methodology("EMDR", "emdr")
    tcc = methodology("Thérapies cognitives et comportementales (TCC)", "tcc")
    grief = theme("Deuil", "deuil")
    french = language("Français", "francais", code="fr")
    make_practitioner(directory, first_name="Claire", last_name="Fontaine", city="Lyon", postal_code="69003",
                      methodologies=[emdr], themes=[grief], languages=[french])  # fmt: skip
    make_practitioner(directory, first_name="Hugo", last_name="Marchand", city="Lyon", postal_code="69007",
                      methodologies=[tcc], languages=[french], gender="male")  # fmt: skip
    make_practitioner(directory, first_name="Inès", last_name="Lefèvre", city="Nantes", postal_code="44000",
                      methodologies=[emdr])  # fmt: skip
    return directory


def test_search_then_filter_without_javascript(live_server, profiles, no_js_page):
    page = no_js_page
    page.goto(live_server.url + "/fr/annuaire/")

    page.get_by_label("Rechercher un praticien").fill("Lyon")
    page.get_by_role("button", name="Rechercher").click()
    assert "q=Lyon" in page.url
    # Ordered by relevance: equally relevant results may come in any order.
    assert sorted(page.locator(".practitioner__name").all_inner_texts()) == [
        "Claire Fontaine",
        "Hugo Marchand",
    ]

    page.get_by_label("Approche thérapeutique").select_option("emdr")
    page.get_by_role("button", name="Rechercher").click()
    assert "approche=emdr" in page.url
    assert "q=Lyon" in page.url  # the search is kept with the filter: the URL can be shared
    assert page.locator(".practitioner__name").all_inner_texts() == ["Claire Fontaine"]

    shared = page.url
    page.goto(shared)
    assert page.locator(".practitioner__name").all_inner_texts() == ["Claire Fontaine"]

    page.get_by_role("link", name="Claire Fontaine").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Claire Fontaine"


@pytest.mark.parametrize("width", [1280, 375])
def test_directory_and_profile_have_no_axe_violations_and_json_ld_passes_csp(
    live_server, profiles, browser_page, width
):
    # axe needs JavaScript: this page has it (the shared French visitor's page).
    page = browser_page
    errors, failed = page.console_errors, []
    # Test media live in memory (not served): only a missing page, script or style is a failure.
    page.on("response", lambda r: r.status >= 400 and "/media/" not in r.url and failed.append(r.url))
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(live_server.url + "/fr/annuaire/?approche=emdr")
    directory_violations = axe_violations(page)
    page.get_by_role("link", name="Claire Fontaine").click()
    profile_violations = axe_violations(page)
    structured = page.locator('script[type="application/ld+json"]').text_content()

    assert directory_violations == []
    assert profile_violations == []
    assert json.loads(structured)["name"] == "Claire Fontaine"
    # The JSON-LD block is data, not script: the strict CSP (script-src 'self') reports nothing.
    assert [e for e in errors if "Content Security Policy" in e] == []
    assert failed == []
    # Control: the same listener does catch a refused inline script on this page.
    page.evaluate(
        "() => document.head.appendChild(Object.assign(document.createElement('script'), {text: '1'}))"
    )
    assert any("Content Security Policy" in e for e in errors)
