"""In Debian's Chromium: a visitor who refuses everything gets no audience cookie and the daily
count still moves; one who accepts gets psy_visit from the beacon's answer, and loses it on
withdrawal."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from audience import buffer
from audience.models import PageViewDay, Stage, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_content):
    cache.clear()
    return live_server.url


def cookie_names(page) -> set[str]:
    return {c["name"] for c in page.context.cookies()}


def views_today(path: str) -> int:
    buffer.flush()
    row = PageViewDay.objects.filter(day=timezone.localdate(), path=path).first()
    return row.views if row else 0


def is_beacon(response) -> bool:
    return "/audience/collect/" in response.url


def test_a_visitor_who_refuses_everything_gets_no_audience_cookie_and_is_still_counted(
    site, browser_page_factory
):
    page = browser_page_factory()
    with page.expect_response(is_beacon) as first:
        page.goto(site + "/fr/")
    assert first.value.status == 204
    page.get_by_role("button", name="Tout refuser").click()
    expect(page.get_by_role("dialog", name="Vos choix de cookies")).to_be_hidden()
    before = views_today("/fr/annuaire/")

    with page.expect_response(is_beacon) as answer:
        page.goto(site + "/fr/annuaire/")

    assert answer.value.status == 204
    assert "psy_visit" not in cookie_names(page)
    assert views_today("/fr/annuaire/") == before + 1
    assert Visit.objects.count() == 0
    # No CSP violation: same-origin script and endpoint (the demo's portraits are not in the
    # test media storage, hence other 404s in the console).
    assert not [e for e in page.console_errors if "Content Security Policy" in e or "audience" in e]


def test_accepting_sets_psy_visit_and_withdrawing_removes_it_and_the_visit(site, browser_page_factory):
    page = browser_page_factory()
    page.goto(site + "/fr/")
    page.get_by_role("button", name="Tout accepter").click()
    expect(page.get_by_role("dialog", name="Vos choix de cookies")).to_be_hidden()

    with page.expect_response(is_beacon):
        page.goto(site + "/fr/annuaire/")
    assert "psy_visit" in cookie_names(page)
    visit = Visit.objects.get()
    assert visit.entry_path == "/fr/annuaire/"
    assert visit.stage == Stage.SEARCH  # the directory page names its step of the funnel

    page.goto(site + "/fr/cookies/")
    page.get_by_label("J’accepte : Mesure d’audience").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer mes choix").click()

    assert "psy_visit" not in cookie_names(page)
    assert Visit.objects.count() == 0


def test_without_javascript_the_pixel_counts_the_page(site, browser_page_factory):
    page = browser_page_factory(java_script_enabled=False)
    before = views_today("/fr/annuaire/")
    with page.expect_response(lambda r: "/audience/pixel.gif" in r.url):
        page.goto(site + "/fr/annuaire/")
    assert views_today("/fr/annuaire/") == before + 1
    assert "psy_visit" not in cookie_names(page)
