"""What booking holds about a person: their appointments (with the reason for consulting) and the
history of each. Erasure cancels what is still ahead (refunded by the cancellation policy, the
practitioner told), deletes every reason and keeps that the appointments took place."""

import logging

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register
from privacy.values import choice

from . import services
from .models import Appointment, AppointmentTransition

logger = logging.getLogger(__name__)


def export_appointments(user) -> list[dict]:
    appointments = (
        Appointment.objects.filter(person=user)
        .select_related("practitioner", "methodology", "terms_version")
        .prefetch_related("transitions")
        .order_by("start", "pk")
    )
    return [
        {
            "reference": str(appointment.reference),
            "practitioner": appointment.practitioner.display_name,
            "start": appointment.start,
            "end": appointment.end,
            **choice(appointment, "status"),
            **choice(appointment, "visit"),
            "methodology": appointment.methodology.label if appointment.methodology else "",
            "reason": appointment.reason,
            "price_cents": appointment.price_cents,
            "terms_version": appointment.terms_version.number if appointment.terms_version else None,
            "created_at": appointment.created_at,
            "history": [
                {
                    "at": transition.at,
                    **choice(transition, "from_status"),
                    **choice(transition, "to_status"),
                    "by_you": transition.by_id == user.pk,
                }
                for transition in appointment.transitions.all()
            ],
        }
        for appointment in appointments
    ]


def cancel_upcoming(user, *, by, appointments) -> int:
    """Cancel each appointment still ahead through the booking service: the same rules, refund
    (payments listens) and messages as a cancellation from the account area."""
    count = 0
    for appointment in appointments.filter(status__in=Appointment.OCCUPYING, start__gt=timezone.now()):
        services.cancel_appointment(appointment, by=by, reason="")
        count += 1
    return count


def erase_appointments(user, context) -> None:
    cancelled = cancel_upcoming(user, by=user, appointments=Appointment.objects.filter(person=user))
    Appointment.objects.filter(person=user).exclude(reason="").update(reason="")
    # A note the person typed (a cancellation reason) may say why they consulted.
    AppointmentTransition.objects.filter(appointment__person=user).exclude(note="").update(note="")
    if cancelled:
        context.erased.append(
            str(
                _(
                    "Vos rendez-vous à venir : annulés (%(count)s), remboursés selon les "
                    "conditions d’annulation"
                )
            )
            % {"count": cancelled}
        )
    context.erased.append(str(_("Les motifs de consultation de vos rendez-vous")))


def appointments_kept(user) -> list[Kept]:
    if not Appointment.objects.filter(person=user).exists():
        return []
    return [
        Kept(
            label=_("L’existence de vos rendez-vous (date, praticien, statut, tarif), sans leur motif"),
            basis=_(
                "Obligations du praticien et de la plateforme : justifier les consultations tenues "
                "et facturées (article L123-22 du Code de commerce)"
            ),
            until=_("10 ans après le rendez-vous"),
        )
    ]


register(
    Handler(
        key="appointments",
        label=_("Vos rendez-vous"),
        export=export_appointments,
        erase=erase_appointments,
        kept=appointments_kept,
        models=("booking.Appointment", "booking.AppointmentTransition"),
        order=100,
    )
)
