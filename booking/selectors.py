"""Reads: free slots, next slot for many practitioners, someone's appointments, the agenda."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from practitioners_directory.models import Practitioner

from . import bookability, slots
from .models import Appointment, BookingSettings, DateOverride, Schedule, WeeklyRange


def _occupying_q(now: datetime) -> Q:
    """Confirmed, or held and not yet expired: what takes the practitioner's time."""
    return Q(status=Appointment.Status.CONFIRMED) | Q(status=Appointment.Status.HELD, hold_expires_at__gt=now)


def occupying(queryset=None, *, now: datetime | None = None):
    queryset = Appointment.objects.all() if queryset is None else queryset
    return queryset.filter(_occupying_q(now or timezone.now()))


def _schedules():
    return Schedule.objects.prefetch_related(
        Prefetch("weekly_ranges", queryset=WeeklyRange.objects.order_by("weekday", "start_time")),
        Prefetch("overrides", queryset=DateOverride.objects.order_by("start_date")),
    ).select_related("practitioner")


def schedule_for(practitioner: Practitioner) -> Schedule | None:
    return _schedules().filter(practitioner=practitioner).first()


def busy_ranges(practitioner_ids, start: datetime, end: datetime, *, now=None, exclude_pk=None) -> dict:
    """{practitioner id: [(blocked_start, blocked_end), ...]} overlapping [start, end)."""
    queryset = occupying(now=now).filter(
        practitioner_id__in=list(practitioner_ids), blocked_start__lt=end, blocked_end__gt=start
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    busy: dict[int, list] = {}
    for pid, b_start, b_end in queryset.values_list("practitioner_id", "blocked_start", "blocked_end"):
        busy.setdefault(pid, []).append((b_start, b_end))
    return busy


def _window(rules: slots.Rules, first_day: date, last_day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=rules.zone) - timedelta(hours=6)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=rules.zone)
    return start, end + timedelta(hours=6)


def bookable_schedule(practitioner: Practitioner) -> Schedule | None:
    """The practitioner's schedule when they can be booked (see bookability), else None."""
    schedule = schedule_for(practitioner)
    if schedule is None or not bookability.is_bookable(practitioner):
        return None
    return schedule


def is_bookable(practitioner: Practitioner) -> bool:
    return bookable_schedule(practitioner) is not None


def free_slots(
    practitioner: Practitioner, first_day: date, last_day: date, *, now=None, ignoring=None, schedule=None
) -> list[slots.Slot]:
    """The practitioner's free slots between two dates of their time zone (inclusive).
    `ignoring`: an appointment being moved, whose own time does not count as busy;
    `schedule`: the practitioner's bookable schedule, when the caller already has it."""
    now = now or timezone.now()
    schedule = schedule or bookable_schedule(practitioner)
    if schedule is None:
        return []
    rules = slots.rules_for(schedule, practitioner)
    window = _window(rules, first_day, last_day)
    busy = busy_ranges([practitioner.pk], *window, now=now, exclude_pk=getattr(ignoring, "pk", None))
    return slots.free_slots(rules, first_day, last_day, busy.get(practitioner.pk, []), now)


def next_slots(practitioners, *, now=None) -> dict[int, slots.Slot | None]:
    """{practitioner id: next free slot or None} for many practitioners in three queries."""
    now = now or timezone.now()
    ids = [p.pk for p in practitioners]
    schedules = {s.practitioner_id: s for s in _schedules().filter(practitioner_id__in=ids)}
    horizon = max((s.horizon_days for s in schedules.values()), default=0)
    busy = busy_ranges(schedules.keys(), now, now + timedelta(days=horizon + 1), now=now)
    bookable = bookability.bookable_ids([s.practitioner for s in schedules.values()])
    result: dict[int, slots.Slot | None] = dict.fromkeys(ids)
    for pid, schedule in schedules.items():
        if pid in bookable:
            rules = slots.rules_for(schedule, schedule.practitioner)
            result[pid] = slots.first_free_slot(rules, busy.get(pid, []), now)
    return result


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def slots_by_day(
    practitioner: Practitioner, monday: date, zone, *, now=None, ignoring=None, schedule=None
) -> list[dict]:
    """A week of free slots grouped by day in the viewer's zone: [{"day": date, "slots": [...]}]."""
    found = free_slots(
        practitioner,
        monday - timedelta(days=1),
        monday + timedelta(days=7),
        now=now,
        ignoring=ignoring,
        schedule=schedule,
    )
    days = [{"day": monday + timedelta(days=i), "slots": []} for i in range(7)]
    for slot in found:
        local_day = slot.start.astimezone(zone).date()
        offset = (local_day - monday).days
        if 0 <= offset < 7:
            days[offset]["slots"].append(slot)
    return days


# --- Appointments ---------------------------------------------------------------------------------


def _with_parties(queryset):
    return queryset.select_related("practitioner", "practitioner__user", "person", "methodology")


def appointment_for(user, reference) -> Appointment:
    """The appointment if `user` is its person or its practitioner; anyone else gets 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    appointment = (
        _with_parties(Appointment.objects)
        .filter(Q(person=user) | Q(practitioner__user=user), reference=reference)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def appointments_of(person) -> dict:
    """The person's appointments: upcoming (soonest first) and past (latest first). Expired holds
    are left out: they never became appointments."""
    now = timezone.now()
    visible = _with_parties(Appointment.objects.filter(person=person)).exclude(
        Q(status=Appointment.Status.EXPIRED) | Q(status=Appointment.Status.HELD, hold_expires_at__lte=now)
    )
    return {
        "upcoming": list(visible.filter(end__gte=now).order_by("start")),
        "past": list(visible.filter(end__lt=now).order_by("-start")),
    }


def agenda(practitioner: Practitioner, first_day: date, last_day: date) -> list[Appointment]:
    zone = practitioner.zone
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    shown = _occupying_q(timezone.now()) | Q(
        status__in=[Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW]
    )
    return list(
        _with_parties(
            Appointment.objects.filter(shown, practitioner=practitioner, start__gte=start, start__lt=end)
        ).order_by("start")
    )


def cancellation_deadline(appointment: Appointment) -> datetime:
    hours = BookingSettings.load().free_cancellation_hours
    return appointment.start - timedelta(hours=hours)


def refund_due_cents(appointment: Appointment, *, by_practitioner: bool, at: datetime | None = None) -> int:
    """What a cancellation at `at` refunds: everything when the practitioner cancels or before the
    deadline (the deadline itself included), nothing after."""
    at = at or timezone.now()
    if by_practitioner or at <= cancellation_deadline(appointment):
        return appointment.price_cents
    return 0


def profile_page(practitioner: Practitioner):
    """The practitioner's live profile in the current language (else any live one)."""
    from wagtail.models import Locale

    from practitioners_directory.models import PractitionerPage

    pages = PractitionerPage.objects.live().filter(practitioner=practitioner).select_related("locale")
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        locale = None
    return (locale and pages.filter(locale=locale).first()) or pages.first()


def own_appointment_at(person, practitioner: Practitioner, start: datetime) -> Appointment | None:
    return occupying().filter(person=person, practitioner=practitioner, start=start).first()


def is_free(practitioner: Practitioner, start: datetime) -> bool:
    day = start.astimezone(practitioner.zone).date()
    return any(slot.start == start for slot in free_slots(practitioner, day, day))
