"""Demo content of booking: a weekly schedule for every demo practitioner (the generated ones of
`load_demo_content --practitioners N` too, in bulk), and a demo user with past, upcoming and
in-progress appointments with the demo practitioner (the one with an account).

Idempotent: a practitioner's existing schedule is never touched; the demo user's appointments are
completed to "some past, two upcoming, one in progress now" at each load: a past confirmed one is
marked completed, and one starting a couple of minutes ago is added when none is in progress, so
the video room can be entered right after `make run`. Appointments are inserted as rows (the
notice rule does not apply to a demo) but the exclusion constraint still has the last word.
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from home.demo_support import EDITORS_GROUP, grant
from practitioners_directory import demo as directory_demo
from practitioners_directory.models import Practitioner, PractitionerPage

from . import selectors, services, slots
from .models import Appointment, AppointmentTransition, BookingSettings, Schedule, WeeklyRange

DEMO_USER_EMAIL = "utilisateur@psyconsult.example"
DEMO_PASSWORD = directory_demo.DEMO_PASSWORD
BUFFER_AFTER_MINUTES = 10
PAST_COUNT = 3
UPCOMING_COUNT = 2
NOW_OFFSET = timedelta(minutes=2)  # the in-progress appointment started this long ago


def _ranges(days, *ranges):
    return [(day, start, end) for day in days for start, end in ranges]


MORNING, AFTERNOON = (time(9), time(12)), (time(14), time(19))
# Varied weeks, in the practitioner's zone: (weekday, start, end); Monday is 0.
WEEK_PATTERNS = [
    _ranges(range(5), MORNING, AFTERNOON),  # Monday to Friday
    _ranges((1, 2, 3, 4), MORNING, (time(14), time(18))) + _ranges((5,), MORNING),  # + Saturday mornings
    _ranges((0, 1, 3, 4), (time(8, 30), time(12, 30)), (time(13, 30), time(17, 30))),  # Wednesday off
    _ranges(range(5), (time(12), time(14)), (time(17), time(21))),  # lunchtimes and evenings
    _ranges((0, 2, 3), (time(9), time(13))) + _ranges((5,), (time(9), time(12))),  # part time
]
REASONS = [
    "Stress au travail et sommeil difficile depuis quelques mois.",
    "Je voudrais faire le point après une séparation.",
    "",
]


def _step_minutes(consultation_minutes: int) -> int:
    """Consecutive slots that do not overlap once the buffer is added (rounded to 15 minutes)."""
    return max(15, math.ceil((consultation_minutes + BUFFER_AFTER_MINUTES) / 15) * 15)


# --- Schedules ----------------------------------------------------------------------------------


def demo_practitioner_ids(bulk_count: int) -> list[int]:
    """The practitioners behind the demo's profiles (hand-written and generated), nobody else's."""
    keys = [directory_demo.key(f"practitioner:{i}") for i in range(directory_demo.CURATED_COUNT)]
    keys += [directory_demo.key(f"bulk:{i}") for i in range(bulk_count)]
    return list(
        PractitionerPage.objects.filter(translation_key__in=keys, practitioner__isnull=False)
        .values_list("practitioner_id", flat=True)
        .distinct()
    )


def ensure_schedules(bulk_count: int, stdout) -> int:
    """A schedule with a varied week for each demo practitioner who has none: a few statements
    whatever their number (bulk_create), so a thousand generated profiles take a second."""
    ids = demo_practitioner_ids(bulk_count)
    missing = list(
        Practitioner.objects.filter(pk__in=ids, schedule__isnull=True)
        .order_by("pk")
        .values_list("pk", "consultation_minutes")
    )
    if not missing:
        return 0
    schedules = Schedule.objects.bulk_create(
        [
            Schedule(
                practitioner_id=pk,
                buffer_before_minutes=0,
                buffer_after_minutes=BUFFER_AFTER_MINUTES,
                minimum_notice_hours=24,
                horizon_days=60,
                slot_step_minutes=_step_minutes(minutes),
            )
            for pk, minutes in missing
        ],
        batch_size=500,
    )
    ranges = []
    for schedule in schedules:
        pattern = WEEK_PATTERNS[schedule.practitioner_id % len(WEEK_PATTERNS)]
        ranges += [
            WeeklyRange(schedule_id=schedule.pk, weekday=day, start_time=start, end_time=end, sort_order=n)
            for n, (day, start, end) in enumerate(pattern)
        ]
    WeeklyRange.objects.bulk_create(ranges, batch_size=2000)
    stdout.write(f"  {len(schedules)} agendas de démonstration créés")
    return len(schedules)


# --- The demo practitioner and the demo user -------------------------------------------------------


def demo_practitioner() -> Practitioner | None:
    """The practitioner of the demo practitioner account, linked to it if publishing has not
    done it yet (the directory's demo sets the account on the pages only)."""
    account = User.objects.filter(email=directory_demo.DEMO_PRACTITIONER_EMAIL).first()
    if account is None:
        return None
    linked = Practitioner.objects.filter(user=account).first()
    if linked is not None:
        return linked
    page = PractitionerPage.objects.filter(user=account, practitioner__isnull=False).first()
    if page is None:
        return None
    Practitioner.objects.filter(pk=page.practitioner_id, user__isnull=True).update(user=account)
    return Practitioner.objects.filter(pk=page.practitioner_id, user=account).first()


def ensure_demo_user() -> User:
    from allauth.account.models import EmailAddress

    from legal import selectors as legal_selectors
    from legal import services as legal_services

    user = User.objects.filter(email=DEMO_USER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=DEMO_USER_EMAIL,
            password=DEMO_PASSWORD,
            first_name="Jules",
            last_name="Lambert",
            gender=User.Gender.MALE,
            postal_code="69003",
            role=User.Role.USER,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    # As if they had signed up and accepted what is in force: the gate lets them book at once.
    for version in legal_selectors.pending_versions_for(user):
        legal_services.record_acceptance(version=version, context="signup", user=user)
    return user


def _methodology(practitioner: Practitioner):
    page = PractitionerPage.objects.filter(practitioner=practitioner).first()
    return page.methodologies.first() if page else None


def _insert(practitioner, person, start: datetime, status: str, *, visit, methodology, reason, now):
    """One appointment as the services would have left it, its transitions included."""
    end = start + timedelta(minutes=practitioner.consultation_minutes)
    # The one rule for the blocked range (buffers around the consultation).
    blocked_start, blocked_end = slots.rules_for(practitioner.schedule, practitioner).blocked(start, end)
    booked_at = min(now, start - timedelta(days=3))
    appointment = Appointment(
        practitioner=practitioner,
        person=person,
        start=start,
        end=end,
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        status=status,
        visit=visit,
        methodology=methodology,
        reason=reason,
        price_cents=practitioner.price_cents,
        created_at=booked_at,
        sequence=2 if status == Appointment.Status.COMPLETED else 1,
    )
    if status == Appointment.Status.CONFIRMED and (
        selectors.occupying(now=now)
        .filter(
            practitioner=practitioner,
            blocked_start__lt=appointment.blocked_end,
            blocked_end__gt=appointment.blocked_start,
        )
        .exists()
    ):
        return None  # someone booked that time (SQLite has no exclusion constraint to say so)
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        if "appointment_no_overlap" in str(exc):
            return None  # that time is taken (by someone's real booking): no demo row there
        raise
    steps = [("", Appointment.Status.HELD), (Appointment.Status.HELD, Appointment.Status.CONFIRMED)]
    if status == Appointment.Status.COMPLETED:
        steps.append((Appointment.Status.CONFIRMED, Appointment.Status.COMPLETED))
    AppointmentTransition.objects.bulk_create(
        [
            AppointmentTransition(
                appointment=appointment,
                from_status=before,
                to_status=after,
                by=person if after != Appointment.Status.COMPLETED else None,
                at=booked_at if after != Appointment.Status.COMPLETED else end,
                note="démo",
            )
            for before, after in steps
        ]
    )
    return appointment


def _past_starts(practitioner: Practitioner, now: datetime, count: int) -> list[datetime]:
    """Weekday mornings of the last weeks at the practitioner's first hour of that day."""
    zone = practitioner.zone
    weekly = {}
    for item in practitioner.schedule.weekly_ranges.all():
        weekly.setdefault(item.weekday, item.start_time)
        weekly[item.weekday] = min(weekly[item.weekday], item.start_time)
    if not weekly:
        return []
    starts = []
    day = now.astimezone(zone).date() - timedelta(days=7)
    while len(starts) < count:
        if day.weekday() in weekly:
            starts.append(datetime.combine(day, weekly[day.weekday()], tzinfo=zone))
            day -= timedelta(days=14)
        else:
            day -= timedelta(days=1)
    return starts


def ensure_appointments(person: User, practitioner: Practitioner, *, now=None) -> dict[str, int]:
    now = now or timezone.now()
    Status = Appointment.Status
    methodology = _methodology(practitioner)
    mine = Appointment.objects.filter(person=person, practitioner=practitioner)
    created = {"past": 0, "upcoming": 0, "now": 0}

    # What happened since the last load: the consultations that ended took place.
    for appointment in mine.filter(status=Status.CONFIRMED, end__lte=now):
        services.mark_completed(appointment)

    missing_past = PAST_COUNT - mine.filter(status=Status.COMPLETED).count()
    if missing_past > 0:
        taken = set(mine.values_list("start", flat=True))
        for n, start in enumerate(_past_starts(practitioner, now, PAST_COUNT)):
            if missing_past <= 0:
                break
            if start in taken:
                continue
            visit = Appointment.Visit.FIRST if n == PAST_COUNT - 1 else Appointment.Visit.FOLLOW_UP
            reason = REASONS[0] if visit == Appointment.Visit.FIRST else ""
            if _insert(
                practitioner, person, start, Status.COMPLETED, visit=visit, methodology=methodology,
                reason=reason, now=now,
            ):  # fmt: skip
                created["past"] += 1
                missing_past -= 1

    in_progress = mine.filter(status=Status.CONFIRMED, start__lte=now, end__gt=now).exists()
    if not in_progress:
        start = now.replace(second=0, microsecond=0) - NOW_OFFSET
        if _insert(
            practitioner, person, start, Status.CONFIRMED, visit=Appointment.Visit.FOLLOW_UP,
            methodology=methodology, reason="", now=now,
        ):  # fmt: skip
            created["now"] += 1

    missing_upcoming = UPCOMING_COUNT - mine.filter(status=Status.CONFIRMED, start__gt=now).count()
    if missing_upcoming > 0:
        today = now.astimezone(practitioner.zone).date()
        free = selectors.free_slots(
            practitioner, today + timedelta(days=2), today + timedelta(days=30), now=now
        )
        chosen, last_day = [], None
        for slot in free:  # a few days apart, not back to back
            day = slot.start.astimezone(practitioner.zone).date()
            if last_day is None or (day - last_day).days >= 7:
                chosen.append(slot)
                last_day = day
            if len(chosen) == missing_upcoming:
                break
        for n, slot in enumerate(chosen):
            if _insert(
                practitioner, person, slot.start, Status.CONFIRMED, visit=Appointment.Visit.FOLLOW_UP,
                methodology=methodology, reason=REASONS[1 + n % 2], now=now,
            ):  # fmt: skip
                created["upcoming"] += 1
    return created


def ensure_editor_permissions() -> None:
    grant(
        EDITORS_GROUP,
        [
            (Appointment, "view_appointment"),
            (Schedule, "add_schedule"),
            (Schedule, "change_schedule"),
            (Schedule, "view_schedule"),
            (BookingSettings, "change_bookingsettings"),
        ],
    )


# --- Entry point (called by home's load_demo_content) ---------------------------------------------


def load(*, stdout, options) -> list[str]:
    ensure_schedules(options.get("practitioners") or 0, stdout)
    ensure_editor_permissions()
    practitioner = demo_practitioner()
    user = ensure_demo_user()
    if practitioner is not None and hasattr(practitioner, "schedule"):
        created = ensure_appointments(user, practitioner)
        if any(created.values()):
            stdout.write(
                "  rendez-vous de démonstration : {past} passé(s), {upcoming} à venir, {now} en cours".format(
                    **created
                )
            )
    return [f"Compte utilisateur de démonstration : {DEMO_USER_EMAIL} / {DEMO_PASSWORD}"]
