"""The acceptance ledger's evidence export: every row matching the listing's filters and search,
anonymous (cookie banner) rows included, timestamps in UTC, constant memory, no silent failure."""

import datetime
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.factories import SuperUserFactory, UserFactory
from accounts.models import User
from legal import services
from legal.models import Acceptance
from tests.export_helpers import consume_measured, csv_rows, peak_rss_growth, xlsx_first_column, xlsx_rows

LEDGER = "/admin/juridique/registre/"
UTC = datetime.UTC


@pytest.fixture
def admin_client(client, db):
    client.force_login(SuperUserFactory(email="editrice@example.fr"))
    return client


@pytest.fixture
def rows(privacy_v1, user):
    """A user's acceptance, then an anonymous one (the most recent, first in the export)."""
    by_user, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    anonymous, _ = services.record_acceptance(
        version=privacy_v1, context="cookie_banner", consent_id="banniere-0001"
    )
    return {"user": by_user, "anonymous": anonymous}


def _by_id(table: list) -> dict[str, list]:
    heading, *data = table
    return {str(row[0]): dict(zip(heading, row, strict=True)) for row in data}


def test_csv_export_holds_every_row_anonymous_ones_with_an_empty_email(admin_client, rows, user):
    table = csv_rows(admin_client.get(LEDGER, {"export": "csv"}))

    assert len(table) == 3  # heading + both rows
    found = _by_id(table)
    anonymous = found[str(rows["anonymous"].pk)]
    assert anonymous["Identifiant de consentement"] == "banniere-0001"
    assert anonymous["E-mail"] == ""
    assert anonymous["Utilisateur"] == ""
    assert anonymous["Contexte"] == "cookie_banner"
    by_user = found[str(rows["user"].pk)]
    assert by_user["E-mail"] == user.email
    assert by_user["Utilisateur"] == str(user.pk)
    assert by_user["Empreinte SHA-256 du texte affiché"] == rows["user"].text_sha256


def test_xlsx_export_holds_every_row_anonymous_ones_included(admin_client, rows, user):
    response = admin_client.get(LEDGER, {"export": "xlsx"})

    assert "spreadsheetml" in response["Content-Type"]
    assert "registre-acceptations.xlsx" in response["Content-Disposition"]
    table = xlsx_rows(response)
    assert len(table) == 3
    found = _by_id(table)
    assert found[str(rows["anonymous"].pk)]["E-mail"] is None
    assert found[str(rows["anonymous"].pk)]["Identifiant de consentement"] == "banniere-0001"
    assert found[str(rows["user"].pk)]["E-mail"] == user.email


def test_timestamps_are_iso_8601_in_utc_in_csv_and_utc_datetimes_in_xlsx(admin_client, rows):
    accepted_at = rows["anonymous"].accepted_at

    csv_table = csv_rows(admin_client.get(LEDGER, {"export": "csv"}))
    xlsx_table = xlsx_rows(admin_client.get(LEDGER, {"export": "xlsx"}))

    heading = "Accepté le (UTC)"
    csv_value = _by_id(csv_table)[str(rows["anonymous"].pk)][heading]
    assert csv_value == accepted_at.astimezone(UTC).isoformat()
    assert csv_value.endswith("+00:00")
    assert datetime.datetime.fromisoformat(csv_value) == accepted_at
    xlsx_value = _by_id(xlsx_table)[str(rows["anonymous"].pk)][heading]
    assert abs(xlsx_value - accepted_at.astimezone(UTC).replace(tzinfo=None)) < timedelta(milliseconds=1)


def test_export_follows_the_listing_filters_and_search(admin_client, rows, user, privacy_v1):
    other = UserFactory(email="autre@example.fr")
    services.record_acceptance(version=privacy_v1, context="reacceptance", user=other)

    def ids(params) -> set[str]:
        return set(_by_id(csv_rows(admin_client.get(LEDGER, {**params, "export": "csv"}))))

    assert ids({}) == {str(rows["user"].pk), str(rows["anonymous"].pk), str(other.legal_acceptances.get().pk)}
    assert ids({"context": "cookie_banner"}) == {str(rows["anonymous"].pk)}
    assert ids({"email": user.email}) == {str(rows["user"].pk)}
    assert ids({"q": "banniere"}) == {str(rows["anonymous"].pk)}
    assert ids({"q": "autre@"}) == {str(other.legal_acceptances.get().pk)}
    today = timezone.localdate()
    assert len(ids({"accepted_at_from": today.isoformat(), "accepted_at_to": today.isoformat()})) == 3
    yesterday = (today - timedelta(days=1)).isoformat()
    assert ids({"accepted_at_from": yesterday, "accepted_at_to": yesterday}) == set()


def test_the_listing_offers_both_downloads_of_what_it_shows(admin_client, rows):
    html = admin_client.get(LEDGER, {"context": "cookie_banner"}).content.decode()

    assert "context=cookie_banner&amp;export=csv" in html
    assert "context=cookie_banner&amp;export=xlsx" in html


def test_an_invalid_filter_refuses_the_export_instead_of_exporting_everything(admin_client, rows):
    response = admin_client.get(LEDGER, {"export": "csv", "accepted_at_from": "pas-une-date"})

    assert response.status_code == 302
    assert "export" not in response["Location"]
    assert "accepted_at_from=pas-une-date" in response["Location"]


def test_more_rows_than_a_worksheet_holds_refuses_the_xlsx_export(admin_client, rows, monkeypatch):
    from legal import exports

    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 1)

    response = admin_client.get(LEDGER, {"export": "xlsx", "context": "signup"})
    assert response.status_code == 200  # one row: it fits
    response = admin_client.get(LEDGER, {"export": "xlsx"})
    assert response.status_code == 302
    assert response["Location"] == LEDGER
    assert any("XLSX" in str(m) for m in response.wsgi_request._messages)


def test_text_that_looks_like_a_formula_or_holds_control_characters_is_exported_as_text(
    admin_client, privacy_v1
):
    request = RequestFactory().post("/", HTTP_USER_AGENT='=HYPERLINK("http://x")\x07bell')
    row, _ = services.record_acceptance(
        version=privacy_v1, context="cookie_banner", consent_id="formule", request=request
    )

    csv_row = _by_id(csv_rows(admin_client.get(LEDGER, {"export": "csv"})))[str(row.pk)]
    xlsx_row = _by_id(xlsx_rows(admin_client.get(LEDGER, {"export": "xlsx"})))[str(row.pk)]

    # A spreadsheet program opening the CSV must not run it (CSV injection).
    assert csv_row["Navigateur"] == '\'=HYPERLINK("http://x")\x07bell'
    # XLSX forbids control characters: replaced, the row (and the file) is still there.
    assert xlsx_row["Navigateur"] == '=HYPERLINK("http://x")\ufffdbell'


def test_an_error_during_the_export_is_logged_and_aborts_the_download(
    admin_client, rows, monkeypatch, caplog
):
    from legal import exports

    real_rows = exports.EvidenceExportMixin.export_rows

    def failing_rows(self, queryset):
        yield next(real_rows(self, queryset))
        raise RuntimeError("database gone")

    monkeypatch.setattr(exports.EvidenceExportMixin, "export_rows", failing_rows)
    response = admin_client.get(LEDGER, {"export": "csv"})

    with caplog.at_level(logging.ERROR, logger="legal.exports"), pytest.raises(RuntimeError, match="gone"):
        b"".join(response.streaming_content)
    assert [r.getMessage() for r in caplog.records if r.name == "legal.exports"] == [
        "export of legal.Acceptance failed after 1 rows: download aborted, the file is incomplete"
    ]

    # XLSX is written completely before the first byte: an error is a plain 500, never a file,
    # and openpyxl's temporary copy of the rows does not stay on disk.
    before = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    admin_client.raise_request_exception = False
    assert admin_client.get(LEDGER, {"export": "xlsx"}).status_code == 500
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) == before


def test_export_needs_the_view_permission(client, rows):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(LEDGER, {"export": "csv"})

    assert response.status_code == 302
    assert not response.has_header("Content-Disposition")


# --- 100,000 rows ------------------------------------------------------------------------------

ROWS = 100_000
BATCH = 5000
# Materialising the rows (model instances, or even one tuple per row) costs hundreds of MB for
# 100,000 rows; the stream holds one chunk of rows at a time (a few MB).
MEMORY_BOUND = 40 * 1024 * 1024


def _bulk_ledger(version, count: int) -> tuple[int, int]:
    """`count` rows, oldest first, one in two anonymous (the newest among them); returns the ids
    of the oldest and the newest. Batch by batch, so that the test itself never holds them all
    (the freed memory would hide an export's growth from the resident-memory measure)."""
    start = timezone.now() - timedelta(days=30)
    ids = []
    for first in range(0, count, BATCH):
        batch = range(first, min(first + BATCH, count))
        users = User.objects.bulk_create(
            [User(email=f"masse{i // 2}@example.fr", first_name="M", last_name=str(i)) for i in batch[::2]]
        )
        made = Acceptance.objects.bulk_create(
            Acceptance(
                user=None if i % 2 else users[(i - first) // 2],
                consent_id=f"banniere-{i:06d}" if i % 2 else None,
                document_id=version.document_id,
                version=version,
                version_number=version.number,
                context="cookie_banner" if i % 2 else "signup",
                accepted_at=start + timedelta(seconds=i),
                language="fr",
                text_sha256=f"{i:064x}",
                user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/145.0",
                ip_network="192.0.2.0/24",
                # Placeholders: these rows test the export, not the chain (integrity tests do).
                chain_previous="0" * 64,
                chain_hash=f"{i:064x}",
            )
            for i in batch
        )
        ids += [made[0].pk, made[-1].pk]
    # Statistics for the planner (ANALYZE sees this transaction's rows): without them it guesses
    # empty tables and may join 100,000 rows to 50,000 users by nested loops, for many minutes.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE legal_acceptance, accounts_user")
    return ids[0], ids[-1]


def _mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / 1e6:.1f} MB"


@pytest.mark.postgres
def test_100000_rows_are_all_exported_and_memory_stays_flat(admin_client, privacy_v1, capsys):
    oldest, newest = _bulk_ledger(privacy_v1, ROWS)

    # XLSX first, measured by the peak resident memory (openpyxl under tracemalloc would take
    # minutes); the figure under tracemalloc, measured by hand, is in the commit message.
    with tempfile.TemporaryFile() as sink:

        def get_xlsx():
            return admin_client.get(LEDGER, {"export": "xlsx"})

        response, xlsx_export = consume_measured(get_xlsx, sink=sink)
        assert response.status_code == 200
        ids = xlsx_first_column(sink)
    assert len(ids) == ROWS + 1
    assert (ids[1], ids[-1]) == (newest, oldest)
    assert ids[1:] == sorted(ids[1:], reverse=True)

    response, csv_export = consume_measured(lambda: admin_client.get(LEDGER, {"export": "csv"}), trace=True)
    assert response.status_code == 200
    assert csv_export.lines == ROWS + 1  # the heading
    # Newest first, as the listing shows them; the newest row is anonymous.
    assert csv_export.first_lines[1].startswith(f"{newest},".encode())
    assert b",,,banniere-099999," in csv_export.first_lines[1]
    assert b",masse49999@example.fr,," in csv_export.first_lines[2]
    assert csv_export.last_line.startswith(f"{oldest},".encode())
    assert b",masse0@example.fr,," in csv_export.last_line

    _, filtered = consume_measured(lambda: admin_client.get(LEDGER, {"export": "csv", "context": "signup"}))
    assert filtered.lines == ROWS // 2 + 1
    assert b",masse49999@example.fr,," in filtered.first_lines[1]

    # The resident-memory measure does see rows held in memory: loading them all, as the
    # listing's own export did (with the user, document and version of each), is caught.
    loaded, loading_growth = peak_rss_growth(
        lambda: len(list(Acceptance.objects.select_related("user", "document", "version")))
    )
    assert loaded == ROWS

    with capsys.disabled():
        print(
            f"\nledger export of {ROWS} rows: CSV {_mb(csv_export.size)}, peak Python allocations "
            f"{_mb(csv_export.peak_traced)}, peak RSS growth {_mb(csv_export.peak_rss_growth)}; "
            f"XLSX {_mb(xlsx_export.size)}, peak RSS growth {_mb(xlsx_export.peak_rss_growth)}; "
            f"loading the rows instead: peak RSS growth {_mb(loading_growth)}"
        )
    assert csv_export.peak_traced < MEMORY_BOUND
    if xlsx_export.peak_rss_growth is not None:  # Linux
        assert csv_export.peak_rss_growth < MEMORY_BOUND
        assert xlsx_export.peak_rss_growth < MEMORY_BOUND
        assert loading_growth > 2 * MEMORY_BOUND


def test_each_ledger_row_links_to_its_details(admin_client, rows):
    html = admin_client.get(LEDGER).content.decode()
    for row in rows.values():
        assert f'href="{LEDGER}inspect/{row.pk}/"' in html
    assert admin_client.get(f"{LEDGER}inspect/{rows['anonymous'].pk}/").status_code == 200
