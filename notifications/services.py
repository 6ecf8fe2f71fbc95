"""Writes: the person's preferences, the claim of a message before it is sent, reminders queued."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import NotificationPreference, SentNotification

logger = logging.getLogger(__name__)


def reminder_hours() -> tuple[int, ...]:
    return tuple(int(h) for h in getattr(settings, "APPOINTMENT_REMINDER_HOURS", (24, 1)))


def reminder_kind(hours: int) -> str:
    return f"reminder_{hours}h"


def reminders_wanted(user) -> bool:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.reminders


def set_reminders(user, wanted: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"reminders": wanted})
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
