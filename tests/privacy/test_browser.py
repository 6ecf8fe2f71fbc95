"""The privacy centre's pages in a real browser: no axe violations, no console errors, and the
progress page turns into the download once the archive is ready."""

import pytest
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD
from tests.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, email):
    page.goto(live_server.url + "/fr/compte/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize(
    "path",
    ["/fr/mon-compte/mes-donnees/", "/fr/mon-compte/mes-donnees/acces/", "/en/mon-compte/mes-donnees/acces/"],
)
def test_privacy_pages_have_no_axe_violations(live_server, browser_page, world, path):
    _sign_in(browser_page, live_server, world["alpha"].email)
    browser_page.goto(live_server.url + path)
    expect(browser_page.locator("h1")).to_be_visible()
    assert axe_violations(browser_page) == []
    assert browser_page.console_errors == []


def test_requesting_the_archive_leads_to_its_download(live_server, browser_page, world):
    _sign_in(browser_page, live_server, world["alpha"].email)
    browser_page.goto(live_server.url + "/fr/mon-compte/mes-donnees/portabilite/")
    assert axe_violations(browser_page) == []
    browser_page.get_by_role("button", name="Préparer mon archive").click()
    # The immediate backend built it after the commit: the status page offers the download.
    download_link = browser_page.get_by_role("link", name="Télécharger l’archive (ZIP)")
    expect(download_link).to_be_visible()
    assert axe_violations(browser_page) == []
    with browser_page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("mes-donnees-")
    assert browser_page.console_errors == []
