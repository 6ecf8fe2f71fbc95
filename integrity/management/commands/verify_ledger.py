"""Recompute every hash chain (the acceptance ledger, the cookie receipts, ...).

    manage.py verify_ledger [--anchor legal_acceptance:1234:<hash> ...]

Prints the rows checked and the head of each chain; exits with status 1 naming the first row
whose content or link does not match. An anchor is a head noted earlier (admin, "Preuve
d’intégrité"): it must still be in the chain, which proves nothing up to it was rewritten.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from integrity import chain, registry


def parse_anchor(value: str) -> tuple[str, int, str]:
    try:
        table, row_id, digest = value.split(":")
        return table, int(row_id), digest.lower()
    except ValueError as exc:
        raise CommandError(
            _("Repère invalide « %(value)s » : attendu table:id:empreinte.") % {"value": value}
        ) from exc


class Command(BaseCommand):
    help = (
        "Recalcule les chaînes d’empreintes des registres en ajout seul et signale la première ligne altérée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="TABLE:ID:EMPREINTE",
            help="tête de chaîne notée auparavant, qui doit toujours y figurer (répétable)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, anchor, database, **options):
        anchors: dict[str, dict[int, str]] = {}
        for table, row_id, digest in map(parse_anchor, anchor):
            anchors.setdefault(table, {})[row_id] = digest
        models = registry.chained_models()
        unknown = set(anchors) - {m._meta.db_table for m in models}
        if unknown:
            raise CommandError(_("Aucune chaîne pour : %(tables)s.") % {"tables": ", ".join(sorted(unknown))})

        problems = []
        for model in models:
            table = model._meta.db_table
            report = chain.verify(model, using=database, anchors=anchors.get(table))
            self.stdout.write(
                _("%(table)s : %(rows)s lignes vérifiées") % {"table": table, "rows": report.rows}
            )
            if report.ok and report.head_id:
                self.stdout.write(
                    "  " + _("tête : id=%(id)s %(hash)s") % {"id": report.head_id, "hash": report.head_hash}
                )
            if report.anchors_checked:
                self.stdout.write(
                    "  "
                    + _("repères retrouvés : %(ids)s") % {"ids": ", ".join(map(str, report.anchors_checked))}
                )
            if report.problem:
                problems.append(report.problem)
        if problems:
            raise CommandError(
                _("Registre altéré :") + "".join(f"\n- {problem}" for problem in problems),
                returncode=1,
            )
        self.stdout.write(_("Toutes les chaînes sont intactes."))
