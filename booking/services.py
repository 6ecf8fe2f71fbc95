"""Writes: hold a slot, confirm, cancel, reschedule, complete. Every change of status goes
through `_transition`, which checks it against TRANSITIONS and records who and when.

No double booking: on PostgreSQL the exclusion constraint `appointment_no_overlap` is the last
word (a concurrent insert waits, then fails, and becomes SlotTaken); on SQLite (the embedded
default, one process) the re-check below runs inside an IMMEDIATE transaction, which SQLite
serialises.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practitioners_directory.models import Practitioner

from . import selectors, signals, slots
from .models import Appointment, AppointmentTransition

logger = logging.getLogger(__name__)
Status = Appointment.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.HELD: {
        Status.CONFIRMED,
        Status.EXPIRED,
        Status.CANCELLED_BY_USER,
        Status.CANCELLED_BY_PRACTITIONER,
    },
    Status.CONFIRMED: {
        Status.COMPLETED,
        Status.CANCELLED_BY_USER,
        Status.CANCELLED_BY_PRACTITIONER,
        Status.NO_SHOW,
    },
    Status.COMPLETED: set(),
    Status.CANCELLED_BY_USER: set(),
    Status.CANCELLED_BY_PRACTITIONER: set(),
    Status.NO_SHOW: set(),
    Status.EXPIRED: set(),
}


class BookingRefused(Exception):
    """A booking action that cannot be done; `message` is for the person."""

    status_code = 400

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class SlotTaken(BookingRefused):
    status_code = 409

    def __init__(self, message=None):
        super().__init__(message or _("Ce créneau vient d’être réservé. Choisissez-en un autre."))


def hold_minutes() -> int:
    # Stripe Checkout sessions cannot expire sooner than 30 minutes.
    return max(30, int(getattr(settings, "BOOKING_HOLD_MINUTES", 30)))


def _transition(appointment: Appointment, to_status: str, *, by=None, note: str = "") -> None:
    if to_status not in TRANSITIONS[appointment.status]:
        raise BookingRefused(_("Ce rendez-vous ne peut plus être modifié."))
    AppointmentTransition.objects.create(
        appointment=appointment, from_status=appointment.status, to_status=to_status, by=by, note=note[:200]
    )
    appointment.status = to_status
    appointment.sequence += 1


def _release_expired_holds(practitioner_id: int, blocked_start: datetime, blocked_end: datetime, now) -> None:
    """Expired holds in the way become "expired" (they no longer count; the constraint still sees
    them until their status changes)."""
    stale = Appointment.objects.select_for_update().filter(
        practitioner_id=practitioner_id,
        status=Status.HELD,
        hold_expires_at__lte=now,
        blocked_start__lt=blocked_end,
        blocked_end__gt=blocked_start,
    )
    for appointment in stale:
        _transition(appointment, Status.EXPIRED, note="hold expired")
        appointment.save(update_fields=["status", "sequence"])


def _check_offered(practitioner: Practitioner, start: datetime, now, *, ignoring=None) -> slots.Rules:
    schedule = selectors.schedule_for(practitioner)
    if schedule is None:
        raise BookingRefused(_("Ce praticien ne propose pas de rendez-vous en ligne."))
    rules = slots.rules_for(schedule, practitioner)
    end = start + rules.length
    busy = selectors.busy_ranges(
        [practitioner.pk], *rules.blocked(start, end), now=now, exclude_pk=getattr(ignoring, "pk", None)
    ).get(practitioner.pk, [])
    local_day = start.astimezone(rules.zone).date()
    offered = slots.free_slots(rules, local_day, local_day, [], now)
    if not any(slot.start == start for slot in offered):
        raise BookingRefused(_("Ce créneau n’est pas proposé (passé, trop proche ou hors des horaires)."))
    if busy:
        raise SlotTaken()
    return rules


def _save_guarded(appointment: Appointment, **kwargs) -> None:
    """Insert or update inside a savepoint: an exclusion violation becomes SlotTaken."""
    try:
        with transaction.atomic():
            appointment.save(**kwargs)
    except IntegrityError as exc:
        if "appointment_no_overlap" in str(exc):
            raise SlotTaken() from exc
        raise


def hold_slot(
    *,
    practitioner: Practitioner,
    person,
    start: datetime,
    visit: str,
    methodology=None,
    reason: str = "",
    terms_version=None,
    now=None,
) -> Appointment:
    """Hold `start` for `person` while they pay (or confirm at once when payment is not required).

    Raises BookingRefused (not offered) or SlotTaken (someone was faster).
    """
    from . import bookability

    now = now or timezone.now()
    if not bookability.is_bookable(practitioner):
        raise BookingRefused(_("Ce praticien ne peut pas être réservé pour le moment."))
    if getattr(practitioner, "user_id", None) == person.pk:
        raise BookingRefused(_("Vous ne pouvez pas réserver un rendez-vous avec vous-même."))
    refusal = bookability.person_refusal(person)
    if refusal:
        raise BookingRefused(refusal)
    with transaction.atomic():
        # One booking at a time per practitioner: on PostgreSQL the row lock orders concurrent
        # holds (the constraint stays the last word); on SQLite the transaction is IMMEDIATE.
        Practitioner.objects.select_for_update().filter(pk=practitioner.pk).first()
        rules = _check_offered(practitioner, start, now)
        end = start + rules.length
        blocked_start, blocked_end = rules.blocked(start, end)
        _release_expired_holds(practitioner.pk, blocked_start, blocked_end, now)
        appointment = Appointment(
            practitioner=practitioner,
            person=person,
            start=start,
            end=end,
            blocked_start=blocked_start,
            blocked_end=blocked_end,
            status=Status.HELD,
            hold_expires_at=now + timedelta(minutes=hold_minutes()),
            visit=visit,
            methodology=methodology,
            reason=reason.strip(),
            price_cents=practitioner.price_cents,
            terms_version=terms_version,
        )
        _save_guarded(appointment)
        AppointmentTransition.objects.create(appointment=appointment, to_status=Status.HELD, by=person)
        transaction.on_commit(lambda: signals.appointment_held.send(Appointment, appointment=appointment))
    if not getattr(settings, "BOOKING_REQUIRES_PAYMENT", True):
        appointment = confirm_appointment(appointment, by=person, note="no payment required")
    return appointment


def confirm_appointment(appointment: Appointment, *, by=None, note: str = "", now=None) -> Appointment:
    """Held → confirmed (payments calls it when the payment succeeded). Idempotent on a confirmed
    appointment. A hold that expired meanwhile is confirmed only if its time is still free."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status == Status.CONFIRMED:
            return appointment
        if appointment.status == Status.EXPIRED:
            raise SlotTaken(_("La réservation a expiré avant le paiement."))
        _transition(appointment, Status.CONFIRMED, by=by, note=note)
        appointment.hold_expires_at = None
        _save_guarded(appointment, update_fields=["status", "sequence", "hold_expires_at"])
        transaction.on_commit(
            lambda: signals.appointment_confirmed.send(Appointment, appointment=appointment)
        )
    return appointment


def release_hold(appointment: Appointment, *, note: str = "checkout expired") -> Appointment:
    """An abandoned or expired payment: the held slot is free again at once."""
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status != Status.HELD:
            return appointment
        _transition(appointment, Status.EXPIRED, note=note)
        appointment.save(update_fields=["status", "sequence"])
    return appointment


def cancel_appointment(
    appointment: Appointment, *, by, reason: str = "", now=None
) -> tuple[Appointment, int]:
    """Cancel as the person or as the practitioner. Returns (appointment, refund due in cents)."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update().select_related("practitioner").get(pk=appointment.pk)
        )
        by_practitioner = by is not None and by.pk == appointment.practitioner.user_id
        if not by_practitioner and (by is None or by.pk != appointment.person_id):
            raise BookingRefused(_("Ce rendez-vous ne peut pas être annulé par ce compte."))
        if appointment.start <= now:
            raise BookingRefused(_("Un rendez-vous commencé ou passé ne peut plus être annulé."))
        was_confirmed = appointment.status == Status.CONFIRMED
        target = Status.CANCELLED_BY_PRACTITIONER if by_practitioner else Status.CANCELLED_BY_USER
        _transition(appointment, target, by=by, note=reason)
        appointment.hold_expires_at = None
        appointment.save(update_fields=["status", "sequence", "hold_expires_at"])
        refund = (
            selectors.refund_due_cents(appointment, by_practitioner=by_practitioner, at=now)
            if was_confirmed
            else 0
        )
        transaction.on_commit(
            lambda: signals.appointment_cancelled.send(
                Appointment, appointment=appointment, refund_cents=refund, by_practitioner=by_practitioner
            )
        )
    return appointment, refund


def reschedule_appointment(appointment: Appointment, *, by, start: datetime, now=None) -> Appointment:
    """Move the same appointment (same payment) to another free slot, atomically."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update().select_related("practitioner").get(pk=appointment.pk)
        )
        if not appointment.is_party(by):
            raise BookingRefused(_("Ce rendez-vous ne peut pas être déplacé par ce compte."))
        if appointment.status != Status.CONFIRMED or appointment.start <= now:
            raise BookingRefused(_("Seul un rendez-vous confirmé et à venir peut être déplacé."))
        if by.pk == appointment.person_id and now > selectors.cancellation_deadline(appointment):
            raise BookingRefused(_("Le délai pour déplacer ce rendez-vous est dépassé."))
        practitioner = appointment.practitioner
        Practitioner.objects.select_for_update().filter(pk=practitioner.pk).first()
        rules = _check_offered(practitioner, start, now, ignoring=appointment)
        end = start + (appointment.end - appointment.start)
        blocked_start, blocked_end = rules.blocked(start, end)
        _release_expired_holds(practitioner.pk, blocked_start, blocked_end, now)
        previous = appointment.start
        appointment.start, appointment.end = start, end
        appointment.blocked_start, appointment.blocked_end = blocked_start, blocked_end
        appointment.sequence += 1
        _save_guarded(appointment, update_fields=["start", "end", "blocked_start", "blocked_end", "sequence"])
        AppointmentTransition.objects.create(
            appointment=appointment,
            from_status=appointment.status,
            to_status=appointment.status,
            by=by,
            note=f"moved from {previous.isoformat()}",
        )
        transaction.on_commit(
            lambda: signals.appointment_rescheduled.send(
                Appointment, appointment=appointment, previous_start=previous
            )
        )
    return appointment


def mark_completed(appointment: Appointment, *, by=None, no_show: bool = False) -> Appointment:
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        _transition(appointment, Status.NO_SHOW if no_show else Status.COMPLETED, by=by)
        appointment.save(update_fields=["status", "sequence"])
    return appointment


def save_availability(*, form, weekly, overrides) -> None:
    """The practitioner's rules, weekly ranges and overrides, together or not at all."""
    with transaction.atomic():
        form.save()
        weekly.save()
        overrides.save()
