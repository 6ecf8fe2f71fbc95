"""The cookie consent receipts' evidence export: every row matching the listing's filters and
search, anonymous visitors' receipts included, the exact choices, constant memory."""

import datetime
import json
import tempfile
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.factories import UserFactory
from consent.models import ConsentReceipt
from tests.consent.helpers import choose
from tests.export_helpers import consume_measured, csv_rows, xlsx_first_column, xlsx_rows

RECEIPTS = "/admin/cookies/recus/"


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(email="dpo@example.fr", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def receipts(client, site_ready):
    """An anonymous visitor refuses everything, then a signed-in person accepts everything."""
    choose(client, "refuse_all")
    signed_in = Client()
    person = UserFactory(email="lea.durand@example.fr")
    signed_in.force_login(person)
    choose(signed_in, "accept_all")
    anonymous = ConsentReceipt.objects.get(user=None)
    by_user = ConsentReceipt.objects.get(user=person)
    return {"anonymous": anonymous, "user": by_user, "person": person}


def _by_id(table: list) -> dict[str, dict]:
    heading, *data = table
    return {str(row[0]): dict(zip(heading, row, strict=True)) for row in data}


def test_csv_export_holds_every_receipt_anonymous_ones_included(admin_client, receipts):
    table = csv_rows(admin_client.get(RECEIPTS, {"export": "csv"}))

    assert len(table) == 3  # heading + both receipts
    found = _by_id(table)
    anonymous = found[str(receipts["anonymous"].pk)]
    assert anonymous["Identifiant de consentement"] == receipts["anonymous"].consent_id
    assert anonymous["Décision"] == "refuse_all"
    assert anonymous["E-mail"] == ""
    assert json.loads(anonymous["Choix par groupe (JSON)"]) == receipts["anonymous"].choices
    by_user = found[str(receipts["user"].pk)]
    assert by_user["E-mail"] == "lea.durand@example.fr"
    assert by_user["Décision"] == "accept_all"
    assert by_user["Ligne du registre des acceptations"] == str(receipts["user"].policy_acceptance_id)
    assert by_user["Date (UTC)"] == receipts["user"].created_at.astimezone(datetime.UTC).isoformat()


def test_xlsx_export_holds_every_receipt_anonymous_ones_included(admin_client, receipts):
    response = admin_client.get(RECEIPTS, {"export": "xlsx"})

    assert "recus-consentement-cookies.xlsx" in response["Content-Disposition"]
    found = _by_id(xlsx_rows(response))
    assert set(found) == {str(receipts["anonymous"].pk), str(receipts["user"].pk)}
    assert found[str(receipts["anonymous"].pk)]["E-mail"] is None
    assert found[str(receipts["user"].pk)]["E-mail"] == "lea.durand@example.fr"


def test_export_follows_the_listing_filters_and_search(admin_client, receipts):
    def ids(params) -> set[str]:
        return set(_by_id(csv_rows(admin_client.get(RECEIPTS, {**params, "export": "csv"}))))

    anonymous, by_user = str(receipts["anonymous"].pk), str(receipts["user"].pk)
    assert ids({}) == {anonymous, by_user}
    assert ids({"decision": "refuse_all"}) == {anonymous}
    assert ids({"email": "lea.durand@example.fr"}) == {by_user}
    assert ids({"q": receipts["anonymous"].consent_id}) == {anonymous}
    assert ids({"group": "mesure_audience"}) == {anonymous, by_user}
    assert ids({"group": "inconnu"}) == set()


# --- 100,000 rows ------------------------------------------------------------------------------

ROWS = 100_000
BATCH = 5000
MEMORY_BOUND = 40 * 1024 * 1024


def _bulk_receipts(count: int) -> tuple[int, int]:
    """`count` anonymous receipts, oldest first, batch by batch (see the ledger's test); returns
    the ids of the oldest and the newest."""
    start = timezone.now() - timedelta(days=30)
    ids = []
    for first in range(0, count, BATCH):
        made = ConsentReceipt.objects.bulk_create(
            ConsentReceipt(
                consent_id=f"visiteur-{i:06d}",
                decision="accept_all" if i % 2 else "refuse_all",
                source="banner",
                choices=[
                    {"group": "mesure_audience", "accepted": bool(i % 2), "version": "2026-01-01"},
                    {"group": "chat_assistance", "accepted": bool(i % 2), "version": "2026-01-01"},
                ],
                created_at=start + timedelta(seconds=i),
                language="fr",
                ip_network="198.51.100.0/24",
                user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/145.0",
                # Placeholders: these rows test the export, not the chain (integrity tests do).
                chain_previous="0" * 64,
                chain_hash=f"{i:064x}",
            )
            for i in range(first, min(first + BATCH, count))
        )
        ids += [made[0].pk, made[-1].pk]
    return ids[0], ids[-1]


@pytest.mark.postgres
def test_100000_receipts_are_all_exported_and_memory_stays_flat(admin_client, db, capsys):
    oldest, newest = _bulk_receipts(ROWS)

    with tempfile.TemporaryFile() as sink:

        def get_xlsx():
            return admin_client.get(RECEIPTS, {"export": "xlsx", "decision": "refuse_all"})

        response, xlsx_export = consume_measured(get_xlsx, sink=sink)
        assert response.status_code == 200
        ids = xlsx_first_column(sink)
    assert len(ids) == ROWS // 2 + 1
    assert (ids[1], ids[-1]) == (newest - 1, oldest)

    response, csv_export = consume_measured(lambda: admin_client.get(RECEIPTS, {"export": "csv"}), trace=True)
    assert response.status_code == 200
    assert csv_export.lines == ROWS + 1
    assert csv_export.first_lines[1].startswith(f"{newest},".encode())
    assert b",visiteur-099999,accept_all," in csv_export.first_lines[1]
    assert csv_export.last_line.startswith(f"{oldest},".encode())

    with capsys.disabled():
        print(
            f"\nreceipts export of {ROWS} rows: CSV {csv_export.size / 1e6:.1f} MB, peak Python "
            f"allocations {csv_export.peak_traced / 1e6:.1f} MB; XLSX of {ROWS // 2} rows, peak RSS "
            f"growth {(xlsx_export.peak_rss_growth or 0) / 1e6:.1f} MB"
        )
    assert csv_export.peak_traced < MEMORY_BOUND
    assert (xlsx_export.peak_rss_growth or 0) < MEMORY_BOUND


def test_each_receipt_row_links_to_its_details(admin_client, receipts):
    html = admin_client.get(RECEIPTS).content.decode()
    for key in ("anonymous", "user"):
        assert f'href="{RECEIPTS}inspect/{receipts[key].pk}/"' in html
