from django.core.management.base import BaseCommand

from contact import selectors, services


class Command(BaseCommand):
    help = (
        "Supprime les messages de contact reçus il y a plus de la durée de conservation "
        "(--dry-run : les compte sans rien supprimer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter sans supprimer")

    def handle(self, *args, dry_run=False, **options):
        days = selectors.retention_days()
        if dry_run:
            count = selectors.expired_messages().count()
            self.stdout.write(f"{count} message(s) de plus de {days} jours à supprimer.")
            return
        count = services.purge_expired_contact_messages()
        self.stdout.write(f"{count} message(s) de plus de {days} jours supprimé(s).")
