"""Free slots from a schedule: pure functions over already-loaded rows (no queries here).

Everything is computed in the practitioner's time zone and returned as aware UTC datetimes, so
a Monday 09:00 range stays 09:00 in Paris on both sides of a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime

    @property
    def key(self) -> str:
        """The slot in URLs: its UTC start, e.g. 20270322T080000Z."""
        return self.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_slot_key(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Rules:
    zone: ZoneInfo
    length: timedelta
    buffer_before: timedelta
    buffer_after: timedelta
    notice: timedelta
    horizon: timedelta
    step: timedelta
    weekly: dict[int, list[tuple[time, time]]]  # weekday -> ranges
    days_off: list[tuple[date, date]]  # inclusive date ranges
    extra: dict[date, list[tuple[time, time]]]

    def blocked(self, start: datetime, end: datetime) -> tuple[datetime, datetime]:
        return start - self.buffer_before, end + self.buffer_after


def rules_for(schedule, practitioner) -> Rules:
    """Rules from a Schedule whose weekly_ranges and overrides are prefetched."""
    from .models import DateOverride

    weekly: dict[int, list[tuple[time, time]]] = {}
    for item in schedule.weekly_ranges.all():
        weekly.setdefault(item.weekday, []).append((item.start_time, item.end_time))
    days_off, extra = [], {}
    for item in schedule.overrides.all():
        if item.kind == DateOverride.Kind.UNAVAILABLE:
            days_off.append((item.start_date, item.last_date))
        elif item.start_time and item.end_time:
            day = item.start_date
            while day <= item.last_date:
                extra.setdefault(day, []).append((item.start_time, item.end_time))
                day += timedelta(days=1)
    return Rules(
        zone=ZoneInfo(practitioner.time_zone),
        length=timedelta(minutes=practitioner.consultation_minutes),
        buffer_before=timedelta(minutes=schedule.buffer_before_minutes),
        buffer_after=timedelta(minutes=schedule.buffer_after_minutes),
        notice=timedelta(hours=schedule.minimum_notice_hours),
        horizon=timedelta(days=schedule.horizon_days),
        step=timedelta(minutes=schedule.slot_step_minutes),
        weekly=weekly,
        days_off=days_off,
        extra=extra,
    )


def _ranges_on(rules: Rules, day: date) -> list[tuple[time, time]]:
    # Extra hours on a date are added even on a day off: the practitioner chose them explicitly.
    if any(first <= day <= last for first, last in rules.days_off):
        ranges = []
    else:
        ranges = list(rules.weekly.get(day.weekday(), []))
    return sorted(ranges + rules.extra.get(day, []))


def _overlaps(start, end, busy: list[tuple[datetime, datetime]]) -> bool:
    return any(start < busy_end and busy_start < end for busy_start, busy_end in busy)


def candidate_starts(rules: Rules, day: date):
    """Consultation starts on a local date of the practitioner's zone, in order (aware, UTC)."""
    for range_start, range_end in _ranges_on(rules, day):
        # The range's ends are wall-clock times of that date in the zone (09:00 stays 09:00 after a
        # daylight-saving change); inside a range, steps are real durations, so a range across the
        # night of the change never yields the same instant twice.
        start = datetime.combine(day, range_start, tzinfo=rules.zone).astimezone(UTC)
        limit = datetime.combine(day, range_end, tzinfo=rules.zone).astimezone(UTC)
        while start + rules.length <= limit:
            yield start
            start += rules.step


def free_slots(rules: Rules, first_day: date, last_day: date, busy, now: datetime) -> list[Slot]:
    """Free slots between two local dates (inclusive). `busy`: blocked (start, end) ranges of the
    held and confirmed appointments, buffers included."""
    earliest = now + rules.notice
    latest = now + rules.horizon
    busy = sorted(busy)
    slots = []
    day = first_day
    while day <= last_day:
        for local_start in candidate_starts(rules, day):
            start = local_start.astimezone(UTC)
            if start < earliest or start > latest:
                continue
            end = start + rules.length
            if not _overlaps(*rules.blocked(start, end), busy):
                slots.append(Slot(start, end))
        day += timedelta(days=1)
    return slots


def first_free_slot(rules: Rules, busy, now: datetime) -> Slot | None:
    """The next bookable slot within the horizon, or None."""
    earliest = now + rules.notice
    day = earliest.astimezone(rules.zone).date()
    last_day = (now + rules.horizon).astimezone(rules.zone).date()
    if not rules.weekly and not rules.extra:
        return None
    while day <= last_day:
        found = free_slots(rules, day, day, busy, now)
        if found:
            return found[0]
        day += timedelta(days=1)
    return None
