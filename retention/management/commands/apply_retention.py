"""Apply the retention rules now: `manage.py apply_retention [--dry-run] [--daily]`.

`--dry-run` shows what each rule would do and changes nothing (its report is saved, marked as a
simulation). `--daily` is the daily run for cron (e.g. every hour, not needed while `db_worker`
runs the queued daily task): it runs today's rules once, whoever comes first, and queues the
next day's task again if the chain was lost.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from retention import services
from retention.models import RetentionRun
from retention.rules import report_rows

BAR_WIDTH = 30


def bar(done: int, total: int) -> str:
    filled = BAR_WIDTH if total == 0 else BAR_WIDTH * done // total
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + f"] {done}/{total}"


class Command(BaseCommand):
    help = "Applique les règles de conservation (--dry-run : montre ce qui serait fait, sans rien changer)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="simuler : ne rien modifier")
        parser.add_argument(
            "--daily",
            action="store_true",
            help="l’exécution du jour (une seule par jour, même lancée plusieurs fois) ; relance la chaîne",
        )

    def handle(self, *args, dry_run=False, daily=False, **options):
        self._line_open = False
        if daily and dry_run:
            self.stderr.write(_("--daily et --dry-run ne vont pas ensemble."))
            return
        if daily:
            run = services.claim_daily_run(timezone.localdate())
            services.ensure_daily_chain()
            if run is None:
                self.stdout.write(_("Les règles ont déjà été appliquées aujourd’hui."))
                return
            run = services.run_rules(
                dry_run=False,
                trigger=RetentionRun.Trigger.DAILY,
                run=run,
                on_rule=self._rule,
                on_step=self._step,
            )
        else:
            if dry_run:
                self.stdout.write(_("Simulation : rien ne sera modifié."))
            run = services.run_rules(dry_run=dry_run, on_rule=self._rule, on_step=self._step)
        self._close_line()
        self._summary(run)

    # The progress bar: one line per rule, rewritten in place on a terminal; elsewhere (cron, a
    # log) a line at the start, at every tenth and at the end.
    def _rule(self, rule, total):
        self._close_line()
        self._label = str(rule.label)
        self._total = total
        self._tenth = -1
        self._draw(0)

    def _step(self, progress):
        self._draw(progress.done)

    def _draw(self, done):
        line = f"{self._label:<45} {bar(done, self._total)}"
        if self.stdout.isatty():
            self.stdout.write("\r" + line, ending="")
            self.stdout.flush()
            self._line_open = True
        else:
            tenth = 10 if not self._total else 10 * done // self._total
            if tenth != self._tenth:
                self._tenth = tenth
                self.stdout.write(line)

    def _close_line(self):
        if self._line_open:
            self.stdout.write("")
            self._line_open = False

    def _summary(self, run):
        title = _("Simulation") if run.dry_run else _("Exécution")
        self.stdout.write(_("%(title)s n° %(pk)s enregistrée :") % {"title": title, "pk": run.pk})
        for key, _label, counts in report_rows(run.counts):
            details = ", ".join(f"{name}={value}" for name, value in counts)
            self.stdout.write(f"  {key}: {details}")
        for error in run.errors:
            self.stdout.write(self.style.ERROR(f"  {error['rule']} {error['item']}: {error['error']}"))
        if not run.errors:
            self.stdout.write(self.style.SUCCESS(_("Aucune erreur.")))
