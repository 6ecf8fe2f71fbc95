"""Fixtures of the apps whose records are chained: legal's documents and versions, consent's site."""

from django.db import connection

from tests.consent.conftest import cookie_policy, gated_code, groups, site_ready  # noqa: F401
from tests.legal.conftest import documents, privacy_v1, terms_v1, user  # noqa: F401


def tamper(sql: str, params=(), *, table: str, how: str = "disable_triggers") -> None:
    """What a database superuser can do: switch the append-only triggers off, write, switch back.

    `how` is "disable_triggers" (ALTER TABLE ... DISABLE TRIGGER ALL) or "replica"
    (session_replication_role). SQLite has no triggers here: the statement runs as is.
    """
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return
        # Deferred foreign-key checks queued by the test's inserts would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if how == "disable_triggers":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
        else:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
