"""Writes: the person's preferences, the claim of a message before it is sent, reminders and the
practitioners' daily summaries queued."""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import DailySummary, NotificationPreference, SentNotification

logger = logging.getLogger(__name__)


def reminder_hours() -> tuple[int, ...]:
    return tuple(int(h) for h in getattr(settings, "APPOINTMENT_REMINDER_HOURS", (24, 1)))


def reminder_kind(hours: int) -> str:
    return f"reminder_{hours}h"


def reminders_wanted(user) -> bool:
    """Reminders are not legal messages: none while the account's processing is restricted
    (accounts.User.is_restricted); confirmations, moves, cancellations and receipts still go."""
    if getattr(user, "is_restricted", False):
        return False
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.reminders


def set_reminders(user, wanted: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"reminders": wanted})
    return preference


def daily_summary_wanted(user) -> bool:
    """Opt-in: off unless the practitioner turned it on (and never while restricted)."""
    if getattr(user, "is_restricted", False):
        return False
    return NotificationPreference.objects.filter(user=user, daily_summary=True).exists()


def set_daily_summary(user, wanted: bool) -> NotificationPreference:
    """Turning it on queues the next morning's summary; turning it off needs nothing: the queued
    task finds it off and stops (and queues no next one)."""
    was_wanted = daily_summary_wanted(user)
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"daily_summary": wanted}
    )
    practitioner = _practitioner_of(user)
    if wanted and not was_wanted and practitioner is not None:
        schedule_daily_summary(practitioner)
    return preference


def claim(
    appointment, kind: str, *, start: datetime, sequence: int, recipient: str
) -> SentNotification | None:
    """The right to send this message, or None if another worker or an earlier run has it.
    A short transaction of its own: no lock is held while the mail server answers."""
    try:
        with transaction.atomic():
            return SentNotification.objects.create(
                appointment=appointment, kind=kind, start=start, sequence=sequence, recipient=recipient
            )
    except IntegrityError:
        return None


def release(row: SentNotification) -> None:
    """The sending failed: give the claim back so that a retry sends it."""
    SentNotification.objects.filter(pk=row.pk).delete()


def schedule_reminders(appointment, *, now=None) -> int:
    """Queue one deferred task per reminder still ahead (a 24 h reminder for a booking made 3 h
    before is skipped). Each task carries the start and revision it was queued for."""
    from . import tasks

    now = now or timezone.now()
    backend = tasks.send_reminder.get_backend()
    if not backend.supports_defer:
        # The immediate backend would send at once, i.e. at the wrong time.
        logger.info("notifications: backend %s cannot defer, no reminders queued", backend.alias)
        return 0
    queued = 0
    for hours in reminder_hours():
        run_after = appointment.start - timedelta(hours=hours)
        if run_after <= now:
            continue
        tasks.send_reminder.using(run_after=run_after).enqueue(
            appointment_id=appointment.pk,
            hours=hours,
            start=appointment.start.isoformat(),
            sequence=appointment.sequence,
        )
        queued += 1
    return queued


# --- The practitioners' daily summary ------------------------------------------------------------
#
# One deferred task per practitioner, for the next morning (`DAILY_SUMMARY_TIME`, 07:00 in the
# practitioner's zone): a row of the task table, so it survives restarts. The run that claims the
# day's DailySummary row queues the next morning in the same transaction; a duplicate task (the
# preference turned on twice, a retry, the cron command) loses the claim and queues nothing, so
# one chain goes on whatever the number of workers. `send_daily_summaries` (cron) sends what is
# due and restarts a chain that was lost (a purged queue, a restored database).


def _practitioner_of(user):
    from practitioners_directory.models import Practitioner

    return Practitioner.objects.filter(user=user).first() if user and user.pk else None


def summary_time() -> time:
    return time.fromisoformat(getattr(settings, "DAILY_SUMMARY_TIME", "07:00"))


def summary_send_at(practitioner, day: date) -> datetime:
    return datetime.combine(day, summary_time(), tzinfo=practitioner.zone)


def next_summary_day(practitioner, *, after: datetime) -> date:
    """The first day whose summary time is after `after`, in the practitioner's zone."""
    day = timezone.localdate(after, practitioner.zone)
    return day if summary_send_at(practitioner, day) > after else day + timedelta(days=1)


def schedule_daily_summary(practitioner, day: date | None = None, *, now=None) -> bool:
    from . import tasks

    now = now or timezone.now()
    day = day or next_summary_day(practitioner, after=now)
    if not tasks.send_daily_summary.get_backend().supports_defer:
        logger.info("notifications: the task backend cannot defer, no daily summary queued")
        return False
    tasks.send_daily_summary.using(run_after=summary_send_at(practitioner, day)).enqueue(
        practitioner_id=practitioner.pk, day=day.isoformat()
    )
    return True


def claim_daily_summary(
    practitioner, day: date, *, appointments: int, recipient: str, now=None
) -> DailySummary | None:
    """The right to send (or to skip) this day's summary, with the next morning queued; None if
    a worker, an earlier run or the cron command already has it."""
    now = now or timezone.now()
    # The next day, or today if the worker was down for days (its summary then goes out late).
    following = max(day + timedelta(days=1), timezone.localdate(now, practitioner.zone))
    try:
        with transaction.atomic():
            row = DailySummary.objects.create(
                practitioner=practitioner, day=day, appointments=appointments, recipient=recipient
            )
            schedule_daily_summary(practitioner, following, now=now)
    except IntegrityError:
        return None
    return row


def mark_summary_sent(row: DailySummary) -> None:
    DailySummary.objects.filter(pk=row.pk).update(sent_at=timezone.now())


def release_summary(row: DailySummary) -> None:
    """The sending failed: the day can be claimed again (the next morning stays queued)."""
    DailySummary.objects.filter(pk=row.pk).delete()
