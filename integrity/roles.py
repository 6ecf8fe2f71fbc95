"""PostgreSQL roles: the owner runs migrations, the application role serves the site.

The application role (web and worker processes) gets:
- SELECT and INSERT only on every registered append-only table (`integrity.registry`): no
  UPDATE, DELETE, TRUNCATE, TRIGGER, no column-level grant, no ownership and no membership of
  the owner, so neither the pgtrigger ignore variable nor DISABLE TRIGGER can help it;
- SELECT on `django_migrations` (the application never records a migration);
- SELECT, INSERT, UPDATE, DELETE on every other table, USAGE (nextval, not setval) on sequences.

Default privileges give a table created by a later migration SELECT and INSERT at once (never
more, so a new append-only table has no window of weakness); `setup_db_roles` after each
`migrate` gives the ordinary tables the rest. `audit()` reads the privileges back from
PostgreSQL and lists what would break the append-only promise.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import registry

ROLE_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
READ_ONLY_TABLES = ("django_migrations",)
ORDINARY_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY_PRIVILEGES = "SELECT, INSERT"
# Privileges the application role must not hold on an append-only table.
FORBIDDEN = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER")


class RoleError(Exception):
    """The role cannot be set up safely (bad name, superuser, member of the owner...)."""


def check_role_name(name: str) -> str:
    if not ROLE_NAME_RE.match(name):
        raise RoleError(
            _("Nom de rôle invalide « %(name)s » : minuscules, chiffres et _ seulement.") % {"name": name}
        )
    return name


@dataclass(frozen=True)
class Plan:
    app_role: str
    owner: str
    database: str
    schema: str
    ordinary: list[str]
    read_only: list[str]
    append_only: dict[str, list[str]]  # table -> its columns
    missing: list[str]  # registered append-only tables that do not exist (yet)


def _tables(cursor, schema: str) -> dict[str, list[str]]:
    cursor.execute(
        """
        SELECT c.relname, array_agg(a.attname ORDER BY a.attnum)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = %s AND c.relkind IN ('r', 'p')
        GROUP BY c.relname
        ORDER BY c.relname
        """,
        [schema],
    )
    return dict(cursor.fetchall())


def plan(connection, *, app_role: str, owner: str | None = None) -> Plan:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), current_schema()")
        current_user, database, schema = cursor.fetchone()
        tables = _tables(cursor, schema)
    wanted = registry.append_only_tables()
    return Plan(
        app_role=check_role_name(app_role),
        owner=owner or current_user,
        database=database,
        schema=schema,
        ordinary=[t for t in tables if t not in wanted and t not in READ_ONLY_TABLES],
        read_only=[t for t in READ_ONLY_TABLES if t in tables],
        append_only={t: tables[t] for t in wanted if t in tables},
        missing=[t for t in wanted if t not in tables],
    )


def statements(p: Plan, qn) -> list[str]:
    """The SQL that (re)applies the privileges; idempotent, safe to run after every migrate.

    `qn` quotes identifiers (connection.ops.quote_name).
    """
    role, schema = qn(p.app_role), qn(p.schema)
    sql = [
        # Created without privileges if missing; the password is set separately.
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{p.app_role}') "
        f"THEN CREATE ROLE {role} LOGIN; END IF; END $$",
        f"GRANT CONNECT ON DATABASE {qn(p.database)} TO {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
    ]

    def tables(names):
        return ", ".join(qn(t) for t in names)

    # REVOKE first: re-running removes whatever an earlier grant or a hand-made one added.
    if p.ordinary:
        sql += [
            f"REVOKE ALL ON TABLE {tables(p.ordinary)} FROM {role}",
            f"GRANT {ORDINARY_PRIVILEGES} ON TABLE {tables(p.ordinary)} TO {role}",
        ]
    if p.read_only:
        sql += [
            f"REVOKE ALL ON TABLE {tables(p.read_only)} FROM {role}",
            f"GRANT SELECT ON TABLE {tables(p.read_only)} TO {role}",
        ]
    for table, columns in p.append_only.items():
        # PUBLIC too: its privileges apply to every role. Column grants survive a table REVOKE.
        sql += [
            f"REVOKE ALL ON TABLE {qn(table)} FROM {role}, PUBLIC",
            f"REVOKE ALL ({', '.join(qn(c) for c in columns)}) ON TABLE {qn(table)} FROM {role}, PUBLIC",
            f"GRANT {APPEND_ONLY_PRIVILEGES} ON TABLE {qn(table)} TO {role}",
        ]
    owner = qn(p.owner)
    sql += [
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} REVOKE ALL ON TABLES FROM {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {APPEND_ONLY_PRIVILEGES} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {role}",
    ]
    return sql


def password_statement(app_role: str, password: str, connection) -> str:
    from psycopg import sql

    return (
        sql.SQL("ALTER ROLE {} WITH LOGIN PASSWORD {}")
        .format(sql.Identifier(app_role), sql.Literal(password))
        .as_string(connection.connection)
    )


def role_attributes(connection, app_role: str) -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = %s",
            [app_role],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip(("superuser", "createrole", "createdb", "bypassrls"), found, strict=True))


def refuse_unsafe_role(connection, p: Plan) -> None:
    """Before granting anything: the application role must not be able to become the owner."""
    if p.app_role == p.owner:
        raise RoleError(_("Le rôle applicatif doit être distinct du propriétaire qui lance les migrations."))
    attributes = role_attributes(connection, p.app_role)
    if attributes and attributes["superuser"]:
        raise RoleError(
            _(
                "%(role)s est superutilisateur : il pourrait désactiver les triggers et "
                "réécrire les registres."
            )
            % {"role": p.app_role}
        )


def audit(connection, p: Plan) -> list[str]:
    """What the application role could still do against the append-only promise ([] = nothing)."""
    problems = []
    attributes = role_attributes(connection, p.app_role)
    if attributes is None:
        return [_("le rôle %(role)s n’existe pas") % {"role": p.app_role}]
    for name in ("superuser", "createrole", "bypassrls"):
        if attributes[name]:
            problems.append(
                _("%(role)s a l’attribut %(attribute)s") % {"role": p.app_role, "attribute": name.upper()}
            )
    with connection.cursor() as cursor:
        for table in p.append_only:
            cursor.execute(
                """
                SELECT c.relowner::regrole::text,
                       pg_has_role(%(role)s, c.relowner, 'MEMBER'),
                       has_table_privilege(%(role)s, c.oid, 'SELECT'),
                       has_table_privilege(%(role)s, c.oid, 'INSERT'),
                       has_table_privilege(%(role)s, c.oid, 'UPDATE'),
                       has_table_privilege(%(role)s, c.oid, 'DELETE'),
                       has_table_privilege(%(role)s, c.oid, 'TRUNCATE'),
                       has_table_privilege(%(role)s, c.oid, 'TRIGGER'),
                       has_any_column_privilege(%(role)s, c.oid, 'UPDATE')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %(schema)s AND c.relname = %(table)s
                """,
                {"role": p.app_role, "schema": p.schema, "table": table},
            )
            owner, is_member, can_select, can_insert, *forbidden, column_update = cursor.fetchone()
            names = {"table": table, "role": p.app_role, "owner": owner}
            if is_member:
                problems.append(_("%(table)s : %(role)s en est propriétaire ou membre de %(owner)s") % names)
            if not (can_select and can_insert):
                problems.append(
                    _("%(table)s : %(role)s ne peut pas lire et ajouter (SELECT, INSERT)") % names
                )
            problems += [
                _("%(table)s : %(role)s a le droit %(privilege)s") % {**names, "privilege": name}
                for name, allowed in zip(FORBIDDEN, forbidden, strict=True)
                if allowed
            ]
            if column_update and not forbidden[0]:
                problems.append(_("%(table)s : %(role)s peut modifier certaines colonnes (UPDATE)") % names)
    return problems
