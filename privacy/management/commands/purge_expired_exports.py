"""Delete the personal data archives past their expiry (PERSONAL_DATA_EXPORT_DAYS).

    manage.py purge_expired_exports

Run it daily (cron or the process list); where the task backend can defer, each archive also
queues its own purge at its expiry.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.portability import purge_expired_exports


class Command(BaseCommand):
    help = "Supprime les archives de données personnelles arrivées à expiration."

    def handle(self, *args, **options):
        count = purge_expired_exports()
        self.stdout.write(_("%(count)s archive(s) expirée(s) supprimée(s).") % {"count": count})
