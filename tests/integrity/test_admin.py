"""Wagtail admin: the integrity proof page shows each chain's head hash and date to whoever may
view that register, linked from the ledger and the receipts listings."""

from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.factories import SuperUserFactory, UserFactory
from consent.models import ConsentReceipt
from integrity import registry
from legal import services
from legal.models import Acceptance
from tests.consent.helpers import choose

PROOF = "/admin/integrite/"


@pytest.fixture
def records(privacy_v1, user, client, site_ready):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    choose(client, "refuse_all")
    client.logout()
    return Acceptance.objects.order_by("-pk").first(), ConsentReceipt.objects.get()


def _staff_with(*codenames):
    person = UserFactory(is_staff=True)
    group = Group.objects.create(name="DPO " + "-".join(codenames))
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(codename__in=codenames),
    )
    person.groups.add(group)
    return person


def test_the_proof_page_shows_each_head_hash_id_and_date(client, records):
    head, receipt = records
    client.force_login(SuperUserFactory())
    response = client.get(PROOF)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preuve d’intégrité" in html
    for row in (head, receipt):
        assert row.chain_hash in html
        assert f"id {row.pk}" in html
        assert f"{row._meta.db_table}:{row.pk}:{row.chain_hash}" in html  # the verify_ledger anchor
    assert head.accepted_at.strftime("%Y") in html


def test_the_proof_can_be_sent_by_email(client, records):
    head, receipt = records
    client.force_login(SuperUserFactory())
    html = client.get(PROOF).content.decode()
    mailto = html.split('href="mailto:', 1)[1].split('"', 1)[0]
    body = unquote(mailto.replace("&amp;", "&"))
    assert head.chain_hash in body
    assert receipt.chain_hash in body
    assert f"verify_ledger --anchor legal_acceptance:{head.pk}:{head.chain_hash}" in body


def test_whoever_may_view_the_ledger_sees_its_head_and_only_its(client, records):
    head, receipt = records
    client.force_login(_staff_with("view_acceptance"))
    html = client.get(PROOF).content.decode()
    assert head.chain_hash in html
    assert receipt.chain_hash not in html


def test_people_who_may_view_no_register_are_refused(client, records):
    client.force_login(_staff_with())
    response = client.get(PROOF)
    assert response.status_code in (302, 403)
    assert records[0].chain_hash not in response.content.decode()


def test_an_empty_chain_says_so(client, db):
    client.force_login(SuperUserFactory())
    html = client.get(PROOF).content.decode()
    assert html.count("Aucune ligne pour l’instant.") == len(registry.chained_models())


@pytest.mark.parametrize(
    "listing", ["/admin/juridique/registre/", "/admin/cookies/recus/", "/admin/donnees/consultations/"]
)
def test_the_ledger_and_receipt_listings_link_to_the_proof(client, records, listing):
    client.force_login(SuperUserFactory())
    html = client.get(listing).content.decode()
    assert f'href="{PROOF}"' in html


def test_the_proof_page_is_in_the_reports_menu(client, records):
    client.force_login(SuperUserFactory())
    html = client.get("/admin/").content.decode()
    assert PROOF in html
