"""What notifications hold about a person: their preferences, and which messages were sent to
which address. Erasure deletes the preferences and overwrites the address of every message
sent (the rows stay: they are what stops a retried task from sending twice)."""

from django.utils.translation import gettext_lazy as _

from accounts.privacy import erased_email
from privacy.registry import Handler, register

from .models import DailySummary, NotificationPreference, SentNotification


def export_notifications(user) -> dict:
    preference = NotificationPreference.objects.filter(user=user).first()
    return {
        "reminders": preference.reminders if preference else True,
        "daily_summary": preference.daily_summary if preference else False,
        "sent": [
            {
                "kind": sent.kind,
                "appointment": str(sent.appointment.reference),
                "appointment_start": sent.start,
                "recipient": sent.recipient,
                "sent_at": sent.sent_at,
            }
            for sent in SentNotification.objects.filter(recipient__iexact=user.email)
            .select_related("appointment")
            .order_by("sent_at", "pk")
        ],
        "daily_summaries": [
            {"day": summary.day, "appointments": summary.appointments, "sent_at": summary.sent_at}
            for summary in DailySummary.objects.filter(recipient__iexact=user.email).order_by("day")
        ],
    }


def erase_notifications(user, context) -> None:
    NotificationPreference.objects.filter(user=user).delete()
    replacement = erased_email(user)
    SentNotification.objects.filter(recipient__iexact=user.email).update(recipient=replacement)
    DailySummary.objects.filter(recipient__iexact=user.email).update(recipient=replacement)
    context.erased.append(str(_("Vos préférences de notification et l’adresse des e-mails envoyés")))


register(
    Handler(
        key="notifications",
        label=_("Vos notifications"),
        export=export_notifications,
        erase=erase_notifications,
        models=(
            "notifications.NotificationPreference",
            "notifications.SentNotification",
            "notifications.DailySummary",
        ),
        order=600,
    )
)
