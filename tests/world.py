"""The shared test world: built once per test session (per xdist worker), restored, never rebuilt.

Two worlds exist:
  - "base": what the migrations create (content types, permissions, locales, the legal documents,
    Wagtail's root page and default site). Captured right after the test database is created.
  - "demo": the base world plus everything `load_demo_content` creates. Loaded the first time a
    test asks for the `demo_content` fixture, then captured.

Ordinary tests run inside a transaction on top of the current world and roll it back. A
transactional test (live server, threads) commits, so after it the current world is restored from
its capture, instead of Django's flush-then-reload-at-setup. On PostgreSQL a capture is a binary
COPY of every table and a restore deletes every row and copies them back, with triggers and
foreign keys off for that transaction (a few tenths of a second with the demo); elsewhere Django's
flush and JSON load do the same, slower. Tests are ordered so that every test of the base world runs
before the demo world is loaded (see `sort_key`); if a test of the other world comes anyway (a
hand-picked selection), the world switches over, just slower.
"""

from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connections, transaction

DEMO_FIXTURE = "demo_content"
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def _quote(connection, table: str) -> str:
    return connection.ops.quote_name(table)


def _postgres_capture(connection) -> dict[str, bytes]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    captured = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            with cursor.cursor.copy(f"COPY {_quote(connection, table)} TO STDOUT (FORMAT BINARY)") as copy:
                captured[table] = b"".join(bytes(chunk) for chunk in copy)
    return captured


def _postgres_restore(connection, captured: dict[str, bytes]) -> None:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Replica mode skips every trigger, the append-only ones and the foreign-key checks
        # included, for this transaction only: rows go back exactly as they were captured.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in captured:
            cursor.execute(f"DELETE FROM {_quote(connection, table)}")  # noqa: S608 - introspected names
        for table, rows in captured.items():
            with cursor.cursor.copy(f"COPY {_quote(connection, table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(rows)


@dataclass
class World:
    current: str = "base"
    captures: dict[str, dict[str, object]] = field(default_factory=dict)  # world -> alias -> data

    def capture(self, name: str, aliases) -> None:
        self.captures[name] = {}
        for alias in aliases:
            connection = connections[alias]
            if connection.vendor == "postgresql":
                self.captures[name][alias] = _postgres_capture(connection)
            else:
                self.captures[name][alias] = connection.creation.serialize_db_to_string()

    def restore(self, name: str, aliases) -> None:
        """Put the captured world `name` back in the database, ids and all."""
        for alias in aliases:
            connection = connections[alias]
            captured = self.captures[name][alias]
            if connection.vendor == "postgresql":
                _postgres_restore(connection, captured)
                continue
            # No post_migrate: it would re-create content types and permissions under new ids,
            # which the capture then collides with.
            call_command("flush", verbosity=0, interactive=False, database=alias, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(captured)
        self.current = name


WORLD = World()


def wanted_world(fixturenames) -> str:
    return "demo" if DEMO_FIXTURE in fixturenames else "base"


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def uses_db(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    has_marker = item.get_closest_marker("django_db") is not None
    return has_marker or bool({"db", *TRANSACTIONAL_FIXTURES} & fixtures)


def sort_key(item) -> tuple:
    """Base world first, then the demo world; in each: plain tests, transactional tests, then the
    browser tests together (one Chromium for the whole run of them); tests without a database last."""
    if not uses_db(item):
        return (2, 0, 0)
    demo = DEMO_FIXTURE in getattr(item, "fixturenames", ())
    return (int(demo), int(is_transactional(item)), int("browser" in item.keywords))


def restore_after_transactional_test(test_case) -> None:
    """Replaces TransactionTestCase._fixture_teardown: the world comes back after the test."""
    WORLD.restore(WORLD.current, test_case._databases_names(include_mirrors=False))
