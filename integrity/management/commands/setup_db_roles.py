"""Create the application role if missing and (re)apply its privileges. Run as the owner, after
every `migrate`:

    manage.py migrate
    manage.py setup_db_roles --app-role psyconsult_app --password-env PSYCONSULT_APP_PASSWORD

`--print-sql` prints the statements instead (for a DBA, or to review them). See integrity.roles.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _

from integrity import roles


class Command(BaseCommand):
    help = (
        "Crée le rôle PostgreSQL de l’application s’il manque et applique ses droits : lecture et "
        "ajout seulement sur les registres en ajout seul. À lancer par le propriétaire après chaque migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app-role", default="psyconsult_app", help="rôle de l’application (web, workers)"
        )
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="variable d’environnement contenant le mot de passe du rôle applicatif (défini si donnée)",
        )
        parser.add_argument("--owner", help="rôle qui crée les tables (par défaut : l’utilisateur courant)")
        parser.add_argument("--print-sql", action="store_true", help="affiche le SQL sans rien changer")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, app_role, password_env, owner, print_sql, database, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError(
                _(
                    "PostgreSQL seulement : SQLite n’a pas de rôles (l’instance embarquée est un seul "
                    "processus propriétaire de son fichier)."
                )
            )
        password = None
        if password_env:
            password = os.environ.get(password_env)
            if not password:
                raise CommandError(
                    _("La variable d’environnement %(name)s est vide ou absente.") % {"name": password_env}
                )
        try:
            plan = roles.plan(connection, app_role=app_role, owner=owner)
            sql = roles.statements(plan, connection.ops.quote_name)
            if print_sql:
                for statement in sql:
                    self.stdout.write(f"{statement};")
                if password:
                    self.stdout.write(f"-- ALTER ROLE {app_role} PASSWORD '…' (${password_env})")
                return
            roles.refuse_unsafe_role(connection, plan)
            with transaction.atomic(using=database), connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
                if password:
                    cursor.execute(roles.password_statement(app_role, password, connection))
            problems = roles.audit(connection, plan)
        except roles.RoleError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            raise CommandError(
                _("Les droits du rôle applicatif ne protègent pas les registres :")
                + "".join(f"\n- {problem}" for problem in problems)
            )
        for table in plan.missing:
            self.stderr.write(_("%(table)s n’existe pas encore : relancez après migrate.") % {"table": table})
        self.stdout.write(
            _(
                "Rôle %(role)s : %(ordinary)s tables ordinaires ; %(count)s en ajout seul (%(tables)s), "
                "en lecture et ajout seulement : vérifié."
            )
            % {
                "role": plan.app_role,
                "ordinary": len(plan.ordinary),
                "count": len(plan.append_only),
                "tables": ", ".join(plan.append_only),
            }
        )
