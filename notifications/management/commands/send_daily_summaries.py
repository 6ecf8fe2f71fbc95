"""The practitioners' daily summaries due now: `manage.py send_daily_summaries`, e.g. from cron
every 15 minutes. Not needed while `db_worker` runs the queued morning tasks; it sends what they
missed (each day is claimed once, so running it beside them sends nothing twice) and, by its
claim, queues the next morning again for a practitioner whose chain of tasks was lost.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import selectors, services
from notifications.tasks import deliver_daily_summary


class Command(BaseCommand):
    help = "Envoie les résumés quotidiens des praticiens dus et pas encore envoyés."

    def handle(self, *args, **options):
        now = timezone.now()
        sent = skipped = 0
        for practitioner in selectors.summary_practitioners():
            day = timezone.localdate(now, practitioner.zone)
            if services.summary_send_at(practitioner, day) > now:
                continue
            if deliver_daily_summary(practitioner, day, now=now):
                sent += 1
                self.stdout.write(f"sent     {day:%Y-%m-%d}  practitioner {practitioner.pk}")
            else:
                skipped += 1
        self.stdout.write(self.style.SUCCESS(f"sent: {sent}, already done or empty: {skipped}"))
