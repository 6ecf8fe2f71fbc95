"""The application role: SELECT and INSERT only on the append-only tables, so neither the pgtrigger
ignore variable nor TRUNCATE nor DISABLE TRIGGER lets the application's own connection rewrite
the proof; ordinary tables stay writable; setup_db_roles is idempotent and re-run after migrate."""

import io
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import ProgrammingError, connection, transaction

from consent.models import ConsentReceipt
from integrity import chain, registry, roles
from legal import services
from legal.models import Acceptance
from tests.consent.helpers import choose

pytestmark = pytest.mark.postgres

LEDGERS = [Acceptance, ConsentReceipt]


def _setup(role: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("setup_db_roles", "--app-role", role, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def app_role(db):
    """A role named after the test database (roles are cluster-wide); created inside the test's
    transaction, so it disappears with the rollback."""
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    _setup(role)
    return role


@contextmanager
def as_role(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _execute(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def _refused(sql: str, params=(), match: str = "permission denied", ignore=None):
    """`sql` fails; with `ignore` (a model), after setting pgtrigger's ignore variable for it."""
    with pytest.raises(ProgrammingError, match=match), transaction.atomic():
        _execute(*_with_ignore(sql, params, ignore))


def _with_ignore(sql: str, params, model):
    if model is None:
        return sql, params
    return f"SELECT set_config('pgtrigger.ignore', %s, true); {sql}", [_ignore_everything(model), *params]


def _ignore_everything(model) -> str:
    """The value django-pgtrigger's `ignore()` would set for the model's triggers."""
    pgids = [trigger.get_pgid(model) for trigger in model._meta.triggers]
    return "{" + ",".join([*pgids, *(f"{model._meta.db_table}:{p}" for p in pgids)]) + "}"


@pytest.fixture
def ledger_rows(privacy_v1, user, client, site_ready):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    choose(client, "refuse_all")
    return {model: model.objects.order_by("pk").first().pk for model in LEDGERS}


@pytest.mark.parametrize("model", LEDGERS, ids=lambda m: m._meta.db_table)
@pytest.mark.parametrize("with_ignore", [False, True], ids=["plain", "pgtrigger_ignore_set"])
def test_the_application_role_cannot_update_delete_or_truncate(app_role, ledger_rows, model, with_ignore):
    table, pk = model._meta.db_table, ledger_rows[model]
    ignore = model if with_ignore else None
    with as_role(app_role):
        _refused(f"UPDATE {table} SET language = 'en' WHERE id = %s", [pk], ignore=ignore)  # noqa: S608
        _refused(f"UPDATE {table} SET chain_hash = repeat('0', 64) WHERE id = %s", [pk], ignore=ignore)  # noqa: S608
        _refused(f"DELETE FROM {table} WHERE id = %s", [pk], ignore=ignore)  # noqa: S608
        _refused(f"TRUNCATE {table} CASCADE", ignore=ignore)
        _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", match="must be owner")
        _refused(f"ALTER TABLE {table} DISABLE TRIGGER USER", match="must be owner")
    assert chain.verify(model).ok


def test_the_ignore_variable_does_lift_the_trigger_for_a_role_with_update_rights(ledger_rows):
    """Why privileges matter: for the owner, the variable alone switches the protection off."""
    pk = ledger_rows[Acceptance]
    with transaction.atomic():
        _execute("SELECT set_config('pgtrigger.ignore', %s, true)", [_ignore_everything(Acceptance)])
        _execute("UPDATE legal_acceptance SET language = 'en' WHERE id = %s", [pk])
        assert Acceptance.objects.get(pk=pk).language == "en"
        transaction.set_rollback(True)


def test_the_application_role_records_and_reads_acceptances_and_cookie_decisions(
    app_role, privacy_v1, user, client, site_ready
):
    with as_role(app_role):
        assert _execute("SELECT current_user")[0][0] == app_role
        services.record_acceptance(version=privacy_v1, context="signup", user=user)
        assert choose(client, "refuse_all").status_code == 303
        assert Acceptance.objects.count() == 2  # the person, and the cookie policy for the visitor
        assert ConsentReceipt.objects.count() == 1
        out = io.StringIO()
        call_command("verify_ledger", stdout=out)  # read-only: works as the application role
        assert "intactes" in out.getvalue()


def test_ordinary_tables_stay_writable_for_the_application_role(app_role, user, client):
    client.force_login(user)
    with as_role(app_role):
        _execute("UPDATE accounts_user SET first_name = 'Lou' WHERE id = %s", [user.pk])
        _execute("DELETE FROM django_session")
        _execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('k', 'd', now())"
        )
        _refused("DELETE FROM django_migrations")  # the application never records migrations
    user.refresh_from_db()
    assert user.first_name == "Lou"


def test_setup_is_idempotent_and_takes_back_hand_made_grants(app_role):
    plan = roles.plan(connection, app_role=app_role)
    assert roles.audit(connection, plan) == []
    _execute(f'GRANT UPDATE, TRUNCATE ON legal_acceptance TO "{app_role}"')
    _execute(f'GRANT UPDATE (decision) ON consent_consentreceipt TO "{app_role}"')
    problems = roles.audit(connection, plan)
    assert any("legal_acceptance" in p and "UPDATE" in p for p in problems)
    assert any("legal_acceptance" in p and "TRUNCATE" in p for p in problems)
    assert any("consent_consentreceipt" in p and "certaines colonnes" in p for p in problems)

    output = _setup(app_role)
    assert "legal_acceptance, consent_consentreceipt" in output
    assert roles.audit(connection, plan) == []
    with as_role(app_role):
        _refused("UPDATE consent_consentreceipt SET decision = 'x'")
        _refused("UPDATE legal_acceptance SET context = 'x'")


def test_a_table_created_by_a_later_migration_is_insert_only_until_setup_runs_again(app_role):
    _execute("CREATE TABLE later_ordinary (id bigserial PRIMARY KEY, note text)")
    with as_role(app_role):
        _execute("INSERT INTO later_ordinary (note) VALUES ('a')")  # default privileges
        _refused("UPDATE later_ordinary SET note = 'b'")
    _setup(app_role)
    with as_role(app_role):
        _execute("UPDATE later_ordinary SET note = 'b'")
        _execute("DELETE FROM later_ordinary")


def test_a_later_append_only_table_gets_only_select_and_insert(app_role, monkeypatch):
    later = type("LaterLog", (), {"_meta": SimpleNamespace(db_table="later_log", label="tests.LaterLog")})
    monkeypatch.setitem(registry._models, "tests.LaterLog", later)
    _execute("CREATE TABLE later_log (id bigserial PRIMARY KEY, note text)")
    _setup(app_role)
    with as_role(app_role):
        _execute("INSERT INTO later_log (note) VALUES ('a')")
        assert _execute("SELECT note FROM later_log") == [("a",)]
        _refused("UPDATE later_log SET note = 'b'")
        _refused("DELETE FROM later_log")
        _refused("TRUNCATE later_log")


def test_a_password_from_the_environment_is_set(db, monkeypatch):
    role = f"{connection.settings_dict['NAME']}_pw"[:63]
    monkeypatch.setenv("TEST_APP_PASSWORD", "s3cret-'quoted")
    _setup(role, "--password-env", "TEST_APP_PASSWORD")
    assert _execute(
        "SELECT rolcanlogin, rolpassword IS NOT NULL FROM pg_authid WHERE rolname = %s", [role]
    ) == [(True, True)]


def test_print_sql_prints_the_statements_and_changes_nothing(db):
    role = f"{connection.settings_dict['NAME']}_printed"[:63]
    output = _setup(role, "--print-sql")
    assert f'GRANT SELECT, INSERT ON TABLE "legal_acceptance" TO "{role}";' in output
    assert f'REVOKE ALL ON TABLE "consent_consentreceipt" FROM "{role}", PUBLIC;' in output
    assert "ALTER DEFAULT PRIVILEGES" in output
    assert _execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]) == []


def test_a_superuser_or_the_owner_is_refused_as_application_role(db):
    superuser = f"{connection.settings_dict['NAME']}_su"[:63]
    _execute(f'CREATE ROLE "{superuser}" SUPERUSER')
    with pytest.raises(CommandError, match="superutilisateur"):
        _setup(superuser)
    with pytest.raises(CommandError, match="distinct du propriétaire"):
        _setup(_execute("SELECT current_user")[0][0])
    with pytest.raises(CommandError, match="invalide"):
        _setup('x"; DROP TABLE legal_acceptance; --')
