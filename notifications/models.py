"""What a person wants to receive, and which appointment messages went out (at most once each)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """Absent row = defaults (reminders on): created on the first change in the account area."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    reminders = models.BooleanField(
        _("rappels de rendez-vous par e-mail"),
        default=True,
        help_text=_("Un e-mail avant chacun de vos rendez-vous."),
    )

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return str(self.user)


class SentNotification(models.Model):
    """One row per message sent. Inserted before the sending, in its own transaction: the unique
    constraint decides, between two workers or a retried task, which one sends."""

    appointment = models.ForeignKey(
        "booking.Appointment",
        verbose_name=_("rendez-vous"),
        on_delete=models.CASCADE,
        related_name="notifications_sent",
    )
    kind = models.CharField(_("message"), max_length=40)
    # The appointment's revision (booking raises it on every change of time or status) decides:
    # one message of a kind per revision; `start` is kept for the listing.
    start = models.DateTimeField(_("début du rendez-vous"))
    sequence = models.PositiveIntegerField(_("révision du rendez-vous"))
    recipient = models.EmailField(_("destinataire"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("notification envoyée")
        verbose_name_plural = _("notifications envoyées")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "kind", "sequence"], name="notification_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.appointment_id} {self.start:%Y-%m-%d %H:%M}"
