"""What the notification worker has done and has to do: `manage.py notifications_due [--hours 48]`.

Reminders of upcoming appointments, and the practitioners' daily summaries (today's in their
zone and the next ones). A "late" line means no worker picked the task up in time (is
`db_worker` running?). A reminder queued for an appointment booked less than its delay before
is never sent and not listed as late; a summary of a day without appointments is "empty".
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import selectors

STATES = ("pending", "due", "late", "sent", "empty")


class Command(BaseCommand):
    help = "Rappels de rendez-vous et résumés quotidiens : à venir, dus, en retard et envoyés."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="Horizon (heures) de ce qui est à venir.")
        parser.add_argument("--state", choices=STATES, help="Un seul état.")

    def handle(self, *args, hours, state, **options):
        now = timezone.now()
        ahead = timedelta(hours=hours)
        counts = dict.fromkeys(STATES, 0)
        for row in selectors.reminders(now=now, ahead=ahead):
            if state and row.state != state:
                continue
            counts[row.state] += 1
            sent = f" sent {row.sent_at:%Y-%m-%d %H:%M}Z" if row.sent_at else ""
            self.stdout.write(
                f"{row.state:<8} {row.hours:>3}h  at {row.send_at:%Y-%m-%d %H:%M}Z  "
                f"appointment {row.appointment.reference} ({row.appointment.start:%Y-%m-%d %H:%M}Z){sent}"
            )
        for row in selectors.daily_summaries(now=now, ahead=ahead):
            if state and row.state != state:
                continue
            counts[row.state] += 1
            done = f" {row.appointments} appointment(s)" if row.appointments is not None else ""
            sent = f" sent {row.sent_at:%Y-%m-%d %H:%M}Z" if row.sent_at else ""
            self.stdout.write(
                f"{row.state:<8} summary  at {row.send_at:%Y-%m-%d %H:%M}Z  "
                f"practitioner {row.practitioner.pk} ({row.day:%Y-%m-%d}){done}{sent}"
            )
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        style = self.style.ERROR if counts["late"] else self.style.SUCCESS
        self.stdout.write(style(summary))
