"""Check a proof bundle (integrity.proofs) offline, optionally against the live chain.

    manage.py verify_proof preuve-legal-acceptance-42.json [--against-database]

Offline: the text's SHA-256 and the one recorded in the row, every row's hash recomputed from its
fields, the link from each row through the following ones to the chain's head. With
`--against-database`: the rows are still in the database as in the bundle, and the live chain is
intact and still holds the row and the head. Exit 0 with a summary, 1 naming every failure.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from integrity import proofs


def load(path: str) -> dict:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path}) from exc
    except OSError as exc:
        raise CommandError(
            _("Lecture impossible de %(path)s : %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(
            _("%(path)s n’est pas un fichier JSON valide (%(error)s).") % {"path": path, "error": exc}
        ) from exc


class Command(BaseCommand):
    help = (
        "Vérifie un fichier de preuve (texte, empreinte de chaque ligne, liens jusqu’à la tête de chaîne), "
        "sans la base ou en la comparant avec elle."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FICHIER", help="preuve au format JSON téléchargée")
        parser.add_argument(
            "--against-database",
            action="store_true",
            help="comparer aussi avec la chaîne d’empreintes en base (elle doit être intacte)",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, against_database, database, **options):
        data = load(file)
        result = proofs.verify_bundle(data)
        if result.ok and against_database:
            online = proofs.verify_against_database(data, using=database)
            result.problems += online.problems
            result.checked += online.checked
        for line in result.checked:
            self.stdout.write("✓ " + line)
        if not result.ok:
            raise CommandError(
                _("Preuve invalide :") + "".join(f"\n✗ {problem}" for problem in result.problems),
                returncode=1,
            )
        main = data["records"][0]
        self.stdout.write(
            _("Preuve valide : %(table)s id=%(id)s, générée le %(date)s.")
            % {"table": main["table"], "id": main["id"], "date": data.get("generated_at")}
        )
