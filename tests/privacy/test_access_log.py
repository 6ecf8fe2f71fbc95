"""The access log: who read whose sensitive data and why; appended through the hash chain,
refused by PostgreSQL on UPDATE and DELETE, covered by verify_ledger and the database roles."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, ProgrammingError, transaction
from django.test import RequestFactory

from integrity import chain, registry
from privacy import selectors, services
from privacy.models import AccessLogEntry
from tests.integrity.conftest import tamper
from tests.privacy.probe.models import Secret

pytestmark = pytest.mark.django_db

TABLE = "privacy_accesslogentry"


def _request(ip="203.0.113.77"):
    return RequestFactory().get("/", REMOTE_ADDR=ip)


def _log(actor, subject, **extra):
    values = {"what": "appointment.reason", "obj_ref": "booking.appointment:1", "why": "litige signalé"}
    return services.log_access(actor=actor, subject=subject, **{**values, **extra})


def test_a_read_is_appended_to_the_chain_with_the_minimised_network(staff, person):
    first = _log(staff, person, request=_request())
    second = _log(staff, person)

    assert first.chain_previous == chain.GENESIS
    assert second.chain_previous == first.chain_hash
    stored = AccessLogEntry.objects.get(pk=first.pk)
    assert (stored.actor, stored.subject, stored.what, stored.why) == (
        staff,
        person,
        "appointment.reason",
        "litige signalé",
    )
    assert stored.ip_network == "203.0.113.0/24"
    assert second.ip_network == ""
    assert chain.verify(AccessLogEntry).ok


def test_a_read_without_reader_subject_what_or_why_is_refused(staff, person):
    with pytest.raises(ValueError, match="actor"):
        _log(AnonymousUser(), person)
    with pytest.raises(ValueError, match="subject"):
        _log(staff, None)
    with pytest.raises(ValueError, match="why"):
        _log(staff, person, why="  ")
    assert not AccessLogEntry.objects.exists()


def test_the_database_refuses_a_row_without_a_reason_or_outside_the_chain(staff, person):
    with pytest.raises(IntegrityError), transaction.atomic():
        chain.append(AccessLogEntry(actor=staff, subject=person, what="appointment.reason", why=""))
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.create(actor=staff, subject=person, what="appointment.reason", why="x")


@pytest.mark.postgres
def test_postgresql_refuses_to_update_or_delete_a_row(staff, person):
    row = _log(staff, person)
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=row.pk).update(why="rien à voir")
    with pytest.raises(ProgrammingError, match="Cannot update or delete"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=row.pk).delete()
    assert AccessLogEntry.objects.get(pk=row.pk).why == "litige signalé"


def test_a_user_with_logged_reads_cannot_be_deleted(staff, person):
    from django.db.models import ProtectedError

    _log(staff, person)
    with pytest.raises(ProtectedError):
        person.delete()


# --- reveal: the parties read freely, anyone else leaves a trace ---------------------------------


@pytest.fixture
def record(person):
    return Secret.objects.create(label="rdv", text="Deuil récent")


def _reveal(record, reader, person, practitioner, **extra):
    return services.reveal(
        record, "text", reader=reader, subject=person, parties=(person, practitioner), **extra
    )


def test_the_person_and_the_practitioner_read_without_a_trace(record, person, practitioner):
    assert _reveal(record, person, person, practitioner) == "Deuil récent"
    assert _reveal(record, practitioner, person, practitioner) == "Deuil récent"
    assert not AccessLogEntry.objects.exists()


def test_someone_else_reads_only_with_a_reason_and_is_logged(record, staff, person, practitioner):
    with pytest.raises(services.ReasonRequired):
        _reveal(record, staff, person, practitioner)
    assert not AccessLogEntry.objects.exists()

    value = _reveal(record, staff, person, practitioner, why="demande de la personne", request=_request())

    assert value == "Deuil récent"
    row = AccessLogEntry.objects.get()
    assert (row.actor, row.subject) == (staff, person)
    assert (row.what, row.obj_ref, row.why) == (
        "secret.text",
        f"privacy_probe.secret:{record.pk}",
        "demande de la personne",
    )
    assert row.ip_network == "203.0.113.0/24"


def test_an_anonymous_reader_is_refused_even_with_a_reason(record, person, practitioner):
    with pytest.raises(PermissionDenied):
        _reveal(record, AnonymousUser(), person, practitioner, why="curiosité")
    assert not AccessLogEntry.objects.exists()


def test_a_missing_party_is_ignored(record, staff, person):
    assert services.reveal(record, "text", reader=person, subject=person, parties=(None,)) == "Deuil récent"
    services.reveal(
        record, "text", reader=staff, subject=person, parties=(None,), why="support", what="rdv.motif"
    )
    assert AccessLogEntry.objects.get().what == "rdv.motif"


def test_the_log_of_a_person_lists_their_reads_newest_first(staff, person, practitioner):
    older = _log(staff, person)
    _log(staff, practitioner)
    newer = _log(practitioner, person, why="remplacement")
    assert list(selectors.access_log_for(person)) == [newer, older]


# --- integrity: registry, verify_ledger, database roles ------------------------------------------


def test_the_access_log_is_registered_append_only_and_chained():
    assert AccessLogEntry in registry.append_only_models()
    assert AccessLogEntry in registry.chained_models()
    assert TABLE in registry.append_only_tables()


def _verify() -> tuple[str, str | None]:
    out = io.StringIO()
    try:
        call_command("verify_ledger", stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_verify_ledger_checks_the_access_log_and_names_an_edited_row(staff, person):
    rows = [_log(staff, person) for _ in range(3)]
    out, error = _verify()
    assert error is None
    assert f"{TABLE} : 3 lignes vérifiées" in out

    tamper(f"UPDATE {TABLE} SET why = 'autre chose' WHERE id = %s", [rows[1].pk], table=TABLE)  # noqa: S608
    _out, error = _verify()
    assert f"{TABLE} id={rows[1].pk}: contenu modifié" in error


@pytest.mark.postgres
def test_the_application_role_can_append_and_read_but_not_rewrite(staff, person):
    from django.db import connection

    from tests.integrity.test_roles import _execute, _refused, _setup, as_role

    role = f"{connection.settings_dict['NAME']}_app"[:63]
    _setup(role)
    with as_role(role):
        row = _log(staff, person, request=_request())
        assert list(selectors.access_log_for(person)) == [row]
        _refused(f"UPDATE {TABLE} SET why = 'x' WHERE id = %s", [row.pk])  # noqa: S608
        _refused(f"DELETE FROM {TABLE} WHERE id = %s", [row.pk])  # noqa: S608
        _refused(f"TRUNCATE {TABLE}")
    grants = _execute(
        "SELECT privilege_type FROM information_schema.role_table_grants "
        "WHERE grantee = %s AND table_name = %s ORDER BY 1",
        [role, TABLE],
    )
    assert grants == [("INSERT",), ("SELECT",)]
