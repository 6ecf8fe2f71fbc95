"""Re-encrypt every EncryptedTextField value with the newest key of FIELD_ENCRYPTION_KEYS.

    manage.py rotate_field_keys [--batch-size 500] [--dry-run]

Put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), deploy, run this,
then remove the old keys. Safe to interrupt and run again (see privacy.rotation). Exits with
status 1 if some value is readable with none of the keys.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from privacy import crypto, rotation


class Command(BaseCommand):
    help = "Rechiffre chaque valeur des champs chiffrés avec la clé la plus récente de FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=rotation.DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--dry-run", action="store_true", help="compte les valeurs à rechiffrer sans rien écrire"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, batch_size, dry_run, database, verbosity, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size doit être au moins 1."))
        crypto.encrypt("")  # no key configured: ImproperlyConfigured now, not halfway through
        # On a terminal the progress line is rewritten in place; in a log, one line per batch.
        self.verbose, self.live, self.dry_run = verbosity > 0, verbosity > 0 and self.stdout.isatty(), dry_run
        unreadable = []
        found = rotation.encrypted_fields()
        if not found and self.verbose:
            self.stdout.write(_("Aucun champ chiffré dans les applications installées."))
        for model, fields in found.items():
            progress = rotation.Progress(model, fields, total=0)
            self._show(progress)
            for progress in rotation.rotate_model(
                model, fields, batch_size=batch_size, dry_run=dry_run, using=database
            ):
                self._show(progress)
            if self.live:
                self.stdout.write("")
            unreadable += [(progress.label, pk) for pk in progress.unreadable]
        if unreadable:
            raise CommandError(
                _("Valeurs qu’aucune clé ne déchiffre :")
                + "".join(f"\n- {label} pk={pk}" for label, pk in unreadable),
                returncode=1,
            )
        if self.verbose:
            self.stdout.write(_("Simulation : rien n’a été écrit.") if dry_run else _("Terminé."))

    def _show(self, progress) -> None:
        if not self.verbose:
            return
        total = max(progress.total, progress.read)
        values = {
            "label": progress.label,
            "read": progress.read,
            "total": total,
            "percent": 100 if not total else progress.read * 100 // total,
            "rotated": progress.rotated,
        }
        if self.dry_run:
            line = _("%(label)s : %(read)s/%(total)s lignes (%(percent)s %%), %(rotated)s à rechiffrer")
        else:
            line = _("%(label)s : %(read)s/%(total)s lignes (%(percent)s %%), %(rotated)s rechiffrées")
        if self.live:
            self.stdout.write("\r" + line % values, ending="")
        else:
            self.stdout.write(line % values)
