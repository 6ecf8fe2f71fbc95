"""Everything the platform holds about one person, as the privacy centre's download gives it.

    manage.py export_personal_data --email E --output F [--archive]

Writes the JSON (format documented in the README, "Privacy centre: export and erasure"), or
with --archive the ZIP (data.json and the person's files). `--output -` writes the JSON to the
standard output. The file holds personal data, health data included: hand it over safely.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from privacy import export

from ._subject import person_by_email


class Command(BaseCommand):
    help = "Exporte les données personnelles d’une personne (JSON, ou ZIP avec ses fichiers)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="adresse e-mail du compte")
        parser.add_argument("--output", required=True, help="fichier à écrire (« - » : sortie standard)")
        parser.add_argument(
            "--archive", action="store_true", help="un ZIP avec data.json et les fichiers de la personne"
        )

    def handle(self, *args, email, output, archive, **options):
        user = person_by_email(email)
        if output == "-":
            if archive:
                raise CommandError(
                    _("Une archive ne s’écrit pas sur la sortie standard : indiquez un fichier.")
                )
            sys.stdout.write(export.export_json(user) + "\n")
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("Le dossier %(folder)s n’existe pas.") % {"folder": path.parent})
        content = export.build_archive(user) if archive else export.export_json(user).encode("utf-8")
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(_("Écriture impossible : %(error)s") % {"error": exc}) from exc
        self.stdout.write(
            _("Données du compte n° %(id)s écrites dans %(path)s (%(size)s octets).")
            % {"id": user.pk, "path": path, "size": len(content)}
        )
