"""Writes: a run of the retention rules and its report; the daily chain of runs.

The daily run is one deferred task a day (`tasks.apply_retention_daily`), a row of the task table
(it survives restarts), like the practitioners' daily summary: the run that claims the day's
unique `RetentionRun` row queues the next day in the same transaction; a duplicate task, a second
worker or the cron command loses the claim and stops, so one chain goes on.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import RetentionRun
from .rules import RULES, Progress, Rule, scrubbed

logger = logging.getLogger(__name__)


def run_rules(
    *,
    dry_run: bool,
    trigger: str = RetentionRun.Trigger.COMMAND,
    now: datetime | None = None,
    run: RetentionRun | None = None,
    rules: tuple[Rule, ...] = RULES,
    on_step: Callable[[Progress], None] | None = None,
    on_rule: Callable[[Rule, int], None] | None = None,
) -> RetentionRun:
    """Run every rule (or only what it would do, with `dry_run`) and save the report.

    Each item is applied in its own transaction: a failure on one person is recorded in the
    report and the others go on; a rule that fails as a whole does not stop the next rules."""
    now = now or timezone.now()
    if run is None:
        run = RetentionRun.objects.create(started_at=now, dry_run=dry_run, trigger=trigger)
    counts, errors = {}, []
    for rule in rules:
        progress = Progress(rule=rule.key, on_step=on_step)
        try:
            items = rule.due(now)
            items = items if isinstance(items, list) else list(items)
            progress.total = len(items)
            if on_rule:
                on_rule(rule, progress.total)
            result = rule.apply(items, dry_run=dry_run, now=now, progress=progress)
        except Exception as exc:
            logger.exception("retention: rule %s failed", rule.key)
            progress.errors.append({"rule": rule.key, "item": "", "error": scrubbed(exc)})
            result = {}
        counts[rule.key] = {"due": progress.total, **result, "errors": len(progress.errors)}
        errors.extend(progress.errors)
    RetentionRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), counts=counts, errors=errors)
    run.refresh_from_db()
    logger.info("retention: run %s%s finished: %s", run.pk, " (dry run)" if dry_run else "", counts)
    return run


# --- The daily run ----------------------------------------------------------------------------


def run_time() -> time:
    return time.fromisoformat(getattr(settings, "RETENTION_RUN_TIME", "03:30"))


def _zone():
    return timezone.get_default_timezone()


def run_at(day: date) -> datetime:
    return datetime.combine(day, run_time(), tzinfo=_zone())


def next_run_day(*, after: datetime) -> date:
    day = timezone.localdate(after, _zone())
    return day if run_at(day) > after else day + timedelta(days=1)


def schedule_daily_run(day: date | None = None, *, now: datetime | None = None) -> bool:
    from . import tasks

    now = now or timezone.now()
    day = day or next_run_day(after=now)
    if not tasks.apply_retention_daily.get_backend().supports_defer:
        logger.info("retention: the task backend cannot defer, no daily run queued")
        return False
    tasks.apply_retention_daily.using(run_after=run_at(day)).enqueue(day=day.isoformat())
    return True


def claim_daily_run(day: date, *, now: datetime | None = None) -> RetentionRun | None:
    """The right to run `day`'s rules, with the next day queued; None if a worker, an earlier run
    or the cron command already has it. A worker down for days runs today's, late, once."""
    now = now or timezone.now()
    following = max(day + timedelta(days=1), timezone.localdate(now, _zone()))
    if following == timezone.localdate(now, _zone()) and run_at(following) <= now:
        following += timedelta(days=1)
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(
                started_at=now, day=day, dry_run=False, trigger=RetentionRun.Trigger.DAILY
            )
            schedule_daily_run(following, now=now)
    except IntegrityError:
        return None
    return run


def run_daily(day: date, *, now: datetime | None = None) -> RetentionRun | None:
    run = claim_daily_run(day, now=now)
    if run is None:
        return None
    return run_rules(dry_run=False, trigger=RetentionRun.Trigger.DAILY, now=now, run=run)


def ensure_daily_chain(*, now: datetime | None = None) -> bool:
    """Queue the next daily run unless one is already waiting in the database task queue. Called
    after every `migrate` and by `apply_retention --daily`; a duplicate would only lose the claim."""
    from . import tasks

    backend = tasks.apply_retention_daily.get_backend()
    if not backend.supports_defer:
        return False
    if _queued_in_database(backend, tasks.apply_retention_daily):
        return False
    return schedule_daily_run(now=now)


def _queued_in_database(backend, task) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a requirement
        return False
    if not isinstance(backend, DatabaseBackend):
        return False
    # Waiting (even overdue: a worker will take it) or running: the chain goes on from there.
    return DBTaskResult.objects.filter(task_path=task.module_path, status__in=["READY", "RUNNING"]).exists()


def ensure_daily_chain_after_migrate(*, using=None, **kwargs) -> None:
    from django.db import DEFAULT_DB_ALIAS

    if (using or DEFAULT_DB_ALIAS) != DEFAULT_DB_ALIAS:
        return
    try:
        ensure_daily_chain()
    except Exception:  # never make a migration fail for this
        logger.exception("retention: the daily run could not be queued after migrate")
