"""What the reminder worker has done and has to do: `manage.py notifications_due [--hours 48]`.

A "late" line means no worker picked the task up in time (is `db_worker` running?). A reminder
queued for an appointment booked less than its delay before is never sent and not listed as late.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import selectors


class Command(BaseCommand):
    help = "Rappels de rendez-vous : à venir, dus, en retard et envoyés."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="Horizon (heures) des rappels à venir.")
        parser.add_argument("--state", choices=["pending", "due", "late", "sent"], help="Un seul état.")

    def handle(self, *args, hours, state, **options):
        now = timezone.now()
        rows = [
            r
            for r in selectors.reminders(now=now, ahead=timedelta(hours=hours))
            if not state or r.state == state
        ]
        counts = dict.fromkeys(("pending", "due", "late", "sent"), 0)
        for row in rows:
            counts[row.state] += 1
            sent = f" sent {row.sent_at:%Y-%m-%d %H:%M}Z" if row.sent_at else ""
            self.stdout.write(
                f"{row.state:<8} {row.hours:>3}h  at {row.send_at:%Y-%m-%d %H:%M}Z  "
                f"appointment {row.appointment.reference} ({row.appointment.start:%Y-%m-%d %H:%M}Z){sent}"
            )
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        style = self.style.ERROR if counts["late"] else self.style.SUCCESS
        self.stdout.write(style(summary))
