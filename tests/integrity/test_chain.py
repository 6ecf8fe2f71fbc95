"""Hash chains of the ledger and the receipts: format, links, the database's refusal of unchained
rows, and verify_ledger naming the first row a superuser altered."""

import hashlib
import json
import threading
from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from accounts.factories import UserFactory
from consent import demo as consent_demo
from consent import services as consent_services
from consent.models import ConsentReceipt
from integrity import chain
from legal import services
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance
from tests.consent.helpers import choose
from tests.integrity.conftest import tamper


def _accept(version, n: int) -> list[Acceptance]:
    people = [UserFactory() for _ in range(n)]
    return [services.record_acceptance(version=version, context="signup", user=p)[0] for p in people]


def _verify(*args) -> tuple[str, str | None]:
    """(stdout, error message or None) of manage.py verify_ledger."""
    import io

    out, failure = io.StringIO(), None
    try:
        call_command("verify_ledger", *args, stdout=out)
    except CommandError as exc:
        failure = exc
    if failure is None:
        return out.getvalue(), None
    assert failure.returncode == 1  # manage.py exits with status 1
    return out.getvalue(), str(failure)


def test_each_acceptance_stores_its_hash_and_the_previous_rows(privacy_v1):
    first, second, third = _accept(privacy_v1, 3)
    assert first.chain_previous == chain.GENESIS
    assert second.chain_previous == first.chain_hash
    assert third.chain_previous == second.chain_hash
    assert len({first.chain_hash, second.chain_hash, third.chain_hash}) == 3
    second.refresh_from_db()
    assert second.chain_hash == chain.row_hash(second)


def test_a_third_party_recomputes_a_hash_from_the_raw_columns_as_documented(privacy_v1):
    row = _accept(privacy_v1, 1)[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM legal_acceptance WHERE id = %s", [row.pk])
        names = [c[0] for c in cursor.description]
        raw = dict(zip(names, cursor.fetchone(), strict=True))
    columns = {}
    for name, value in raw.items():
        if name == "chain_hash" or value is None:
            continue
        if name == "accepted_at":
            value = row.accepted_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        columns[name] = value
    content = {"chain": 1, "table": "legal_acceptance", "columns": columns}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    assert '"consent_id"' not in text  # NULL columns are left out
    assert hashlib.sha256(text.encode("ascii")).hexdigest() == raw["chain_hash"]


def test_a_row_written_outside_the_chain_is_refused_by_the_database(privacy_v1, user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(
            user=user,
            document=privacy_v1.document,
            version=privacy_v1,
            version_number=1,
            context="signup",
            language="fr",
            text_sha256="a" * 64,
        )


def test_cookie_decisions_chain_their_receipts(client, site_ready):
    choose(client, "refuse_all")
    client.cookies.clear()
    choose(client, "accept_all")
    first, second = ConsentReceipt.objects.order_by("pk")
    assert first.chain_previous == chain.GENESIS
    assert second.chain_previous == first.chain_hash == chain.row_hash(first)
    assert chain.verify(ConsentReceipt).ok
    assert chain.verify(Acceptance).rows == 2  # the cookie policy, once per consent id


def test_verify_ledger_on_an_untouched_database_prints_the_rows_checked_and_succeeds(client, site_ready):
    choose(client, "refuse_all")
    out, error = _verify()
    assert error is None
    assert "legal_acceptance : 1 lignes vérifiées" in out
    assert "consent_consentreceipt : 1 lignes vérifiées" in out
    assert "intactes" in out


def test_verify_ledger_names_the_ledger_row_a_superuser_edited_with_triggers_disabled(privacy_v1):
    rows = _accept(privacy_v1, 4)
    tamper(
        "UPDATE legal_acceptance SET context = 'booking' WHERE id = %s",
        [rows[1].pk],
        table="legal_acceptance",
    )
    out, error = _verify()
    assert error is not None
    assert f"legal_acceptance id={rows[1].pk}: contenu modifié" in error
    assert "legal_acceptance : 2 lignes vérifiées" in out  # stops at the altered row


def test_verify_ledger_names_the_row_after_one_deleted_in_the_middle(privacy_v1):
    rows = _accept(privacy_v1, 4)
    tamper("DELETE FROM legal_acceptance WHERE id = %s", [rows[2].pk], table="legal_acceptance")
    _out, error = _verify()
    assert error is not None
    assert f"legal_acceptance id={rows[3].pk}: lien rompu" in error
    assert f"id={rows[1].pk}" in error  # the last row before the gap


def test_verify_ledger_names_a_receipt_edited_with_replication_role(client, site_ready):
    for choice in ("refuse_all", "accept_all", "refuse_all"):
        client.cookies.clear()
        choose(client, choice)
    edited = ConsentReceipt.objects.order_by("pk")[1]
    tamper(
        "UPDATE consent_consentreceipt SET decision = 'refuse_all', choices = %s WHERE id = %s",
        ['[{"group": "mesure_audience", "accepted": false, "version": ""}]', edited.pk],
        table="consent_consentreceipt",
        how="replica",
    )
    _out, error = _verify()
    assert error is not None
    assert f"consent_consentreceipt id={edited.pk}: contenu modifié" in error
    assert "legal_acceptance" not in error  # the ledger itself is intact


def test_an_edit_whose_hashes_were_recomputed_still_breaks_the_next_link(privacy_v1):
    rows = _accept(privacy_v1, 3)
    forged = Acceptance.objects.get(pk=rows[0].pk)
    forged.context = "booking"
    tamper(
        "UPDATE legal_acceptance SET context = 'booking', chain_hash = %s WHERE id = %s",
        [chain.row_hash(forged), forged.pk],
        table="legal_acceptance",
    )
    _out, error = _verify()
    assert f"legal_acceptance id={rows[1].pk}: lien rompu" in error


def test_an_anchor_noted_earlier_catches_a_consistently_rewritten_chain(privacy_v1):
    rows = _accept(privacy_v1, 3)
    noted = f"legal_acceptance:{rows[2].pk}:{rows[2].chain_hash}"
    assert _verify("--anchor", noted)[1] is None
    # The superuser rewrites the last row and recomputes its hash: the chain alone still holds.
    forged = Acceptance.objects.get(pk=rows[2].pk)
    forged.context = "booking"
    tamper(
        "UPDATE legal_acceptance SET context = 'booking', chain_hash = %s WHERE id = %s",
        [chain.row_hash(forged), forged.pk],
        table="legal_acceptance",
    )
    assert _verify()[1] is None
    _out, error = _verify("--anchor", noted)
    assert f"legal_acceptance id={rows[2].pk}: empreinte différente" in error


def test_an_anchor_whose_row_was_deleted_at_the_end_is_reported(privacy_v1):
    rows = _accept(privacy_v1, 2)
    noted = f"legal_acceptance:{rows[1].pk}:{rows[1].chain_hash}"
    tamper("DELETE FROM legal_acceptance WHERE id = %s", [rows[1].pk], table="legal_acceptance")
    _out, error = _verify("--anchor", noted)
    assert f"legal_acceptance id={rows[1].pk}: la ligne notée n’existe plus" in error


def test_a_malformed_anchor_is_refused_clearly(db):
    _out, error = _verify("--anchor", "legal_acceptance:x")
    assert "table:id:empreinte" in error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_and_cookie_decisions_keep_each_chain_in_one_line():
    ensure_locales()
    ensure_documents()
    version = make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=3))
    make_version("cookie_policy", 1, effective_at=timezone.now() - timedelta(days=3))
    consent_demo.ensure_groups()
    people = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(16)
    errors = []

    def accept(person):
        barrier.wait(timeout=20)
        services.record_acceptance(version=version, context="signup", user=person)

    def decide():
        request = RequestFactory().post("/cookies/choix/", REMOTE_ADDR="198.51.100.7")
        request.user = AnonymousUser()
        barrier.wait(timeout=20)
        consent_services.record_decision(request=request, accepted=[], source="banner")

    def run(work, *args):
        try:
            work(*args)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(accept, p)) for p in people]
    threads += [threading.Thread(target=run, args=(decide,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    ledger, receipts = chain.verify(Acceptance), chain.verify(ConsentReceipt)
    assert (ledger.ok, ledger.rows) == (True, 16)  # 8 people + 8 anonymous cookie policy rows
    assert (receipts.ok, receipts.rows) == (True, 8)
    assert Acceptance.objects.values("chain_previous").distinct().count() == 16  # no fork
