"""Reads for the admin report and the dashboard panel: all of them over a range of days."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, Sum
from django.utils import timezone

from .models import Device, DeviceDay, FunnelDay, LanguageDay, PageViewDay, ReferrerDay, Stage, Visit


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def default_period(*, days: int = 30) -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=days - 1), today)


def _in(period: Period, model):
    return model.objects.filter(day__gte=period.start, day__lte=period.end)


def views_per_day(period: Period) -> list[tuple[date, int]]:
    """Every day of the period, with 0 for a day without views."""
    counts = dict(_in(period, PageViewDay).values("day").annotate(n=Sum("views")).values_list("day", "n"))
    return [(day, counts.get(day, 0)) for day in (period.start + timedelta(n) for n in range(period.days))]


def total_views(period: Period) -> int:
    return _in(period, PageViewDay).aggregate(n=Sum("views"))["n"] or 0


def _top(period: Period, model, key: str, limit: int | None):
    rows = _in(period, model).values(key).annotate(n=Sum("views")).order_by("-n", key).values_list(key, "n")
    return list(rows[:limit] if limit else rows)


def top_pages(period: Period, limit: int | None = 20) -> list[tuple[str, int]]:
    return _top(period, PageViewDay, "path", limit)


def referrers(period: Period, limit: int | None = 20) -> list[tuple[str, int]]:
    return _top(period, ReferrerDay, "host", limit)


def devices(period: Period) -> list[tuple[str, int]]:
    labels = dict(Device.choices)
    return [(str(labels.get(key, key)), n) for key, n in _top(period, DeviceDay, "device", None)]


def languages(period: Period, limit: int | None = 20) -> list[tuple[str, int]]:
    return _top(period, LanguageDay, "language", limit)


@dataclass(frozen=True)
class FunnelStep:
    stage: int
    label: str
    visits: int
    of_first: float | None  # share of the first step's visits, in %
    of_previous: float | None  # share of the previous step's visits, in %


def funnel(period: Period) -> list[FunnelStep]:
    counts = dict(_in(period, FunnelDay).values("stage").annotate(n=Sum("visits")).values_list("stage", "n"))
    steps, first, previous = [], None, None
    for stage in [s for s in Stage if s != Stage.NONE]:
        visits = counts.get(stage, 0)
        steps.append(
            FunnelStep(
                stage=stage,
                label=str(stage.label),
                visits=visits,
                of_first=round(100 * visits / first, 1) if first else None,
                of_previous=round(100 * visits / previous, 1) if previous else None,
            )
        )
        first = visits if first is None else first
        previous = visits
    return steps


def visits_summary(period: Period) -> dict:
    visits = Visit.objects.filter(started_at__date__gte=period.start, started_at__date__lte=period.end)
    summary = visits.aggregate(count=Count("pk"), pages=Avg("pages"))
    return {"count": summary["count"], "pages": round(summary["pages"] or 0, 1)}


def entry_pages(period: Period, limit: int | None = 20) -> list[tuple[str, int]]:
    rows = (
        Visit.objects.filter(started_at__date__gte=period.start, started_at__date__lte=period.end)
        .values("entry_path")
        .annotate(n=Count("pk"))
        .order_by("-n", "entry_path")
        .values_list("entry_path", "n")
    )
    return list(rows[:limit] if limit else rows)


def dashboard_figures() -> dict[str, int]:
    today = timezone.localdate()
    return {
        "today": total_views(Period(today, today)),
        "week": total_views(Period(today - timedelta(days=6), today)),
    }
