"""The daily run of the retention rules: a deferred task that queues the next day's when it claims
its own day (services.claim_daily_run)."""

from datetime import date

from django_tasks import task

from . import services


@task()
def apply_retention_daily(day: str) -> int | None:
    run = services.run_daily(date.fromisoformat(day))
    return run.pk if run else None
