"""Rows written before the chains existed get their hashes from the migration, in id order."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consent.models import ConsentReceipt
from integrity import chain
from legal.models import Acceptance

BEFORE = [("legal", "0002_the_five_documents"), ("consent", "0001_initial")]
AFTER = [("legal", "0003_hash_chain"), ("consent", "0002_hash_chain")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# PostgreSQL: its DDL is transactional, so the test's rollback restores the schema.
@pytest.mark.postgres
def test_the_migration_chains_the_rows_written_before_it(privacy_v1):
    old = _migrate(BEFORE)
    OldAcceptance, OldReceipt = (
        old.get_model("legal", "Acceptance"),
        old.get_model("consent", "ConsentReceipt"),
    )
    for n in range(3):
        OldAcceptance.objects.create(
            consent_id=f"avant-{n}",
            document_id=privacy_v1.document_id,
            version_id=privacy_v1.pk,
            version_number=1,
            context="cookie_banner",
            language="fr",
            text_sha256="a" * 64,
        )
        OldReceipt.objects.create(consent_id=f"avant-{n}", decision="refuse_all", source="banner", choices=[])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending FK checks

    _migrate(AFTER)

    for model in (Acceptance, ConsentReceipt):
        rows = list(model.objects.order_by("pk"))
        assert len(rows) == 3
        assert rows[0].chain_previous == chain.GENESIS
        assert [r.chain_previous for r in rows[1:]] == [r.chain_hash for r in rows[:-1]]
        assert chain.verify(model).ok
