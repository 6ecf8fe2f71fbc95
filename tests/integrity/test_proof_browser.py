"""The person's proof pages in Chromium: axe on the list and on the printable page, the print
button, the JSON download."""

import json
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from consent.models import ConsentReceipt
from legal import services
from tests.conftest import axe_violations
from tests.consent.helpers import choose

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser_page_factory, live_server, site_ready, privacy_v1, user):
    """A French browser with Léa's session and consent cookie; she accepted the privacy policy and
    refused the optional cookies."""
    acceptance, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    client = Client()
    client.force_login(user)
    choose(client, "refuse_all")
    page = browser_page_factory(base_url=live_server.url)
    page.context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
    )
    return page, acceptance, ConsentReceipt.objects.get()


def test_the_proof_list_is_accessible_and_links_to_each_proof(signed_in):
    page, acceptance, receipt = signed_in
    link = f"Télécharger la preuve (JSON) — acceptation n° {acceptance.pk}"
    page.goto("/fr/mon-compte/mes-donnees/preuves/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes preuves de consentement")
    rows = page.get_by_role("table", name="Vos acceptations, de la plus récente à la plus ancienne")
    expect(rows.get_by_role("row", name="Politique de confidentialité")).to_be_visible()
    expect(page.get_by_role("link", name=f"Version imprimable — reçu n° {receipt.pk}")).to_be_visible()
    expect(page.get_by_role("link", name=link)).to_be_visible()
    assert axe_violations(page) == []


def test_the_printable_page_is_accessible_prints_and_downloads_the_bundle(signed_in):
    page, acceptance, _receipt = signed_in
    page.goto("/fr/mon-compte/mes-donnees/preuves/")
    page.get_by_role("link", name=f"Version imprimable — acceptation n° {acceptance.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Acceptation de « Politique de confidentialité », version 1"
    )
    expect(page.get_by_role("region", name="Texte canonique")).to_contain_text("Texte de la version 1 (fr).")
    expect(page.get_by_role("button", name="Imprimer")).to_be_visible()  # shown by proof.js
    assert axe_violations(page) == []
    assert page.console_errors == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la preuve (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["records"][0]["hash"] == acceptance.chain_hash

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Imprimer")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()


def test_the_printable_receipt_page_is_accessible(signed_in):
    page, _acceptance, receipt = signed_in
    page.goto(f"/fr/mon-compte/mes-donnees/preuves/cookies/{receipt.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Reçu de consentement aux cookies n° {receipt.pk}"
    )
    assert axe_violations(page) == []
