"""What a person wants to receive, and which messages went out (at most once each): the
appointment messages, and the practitioners' daily summaries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationPreference(models.Model):
    """Absent row = defaults (reminders on, daily summary off): created on the first change in the
    account area."""

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
    daily_summary = models.BooleanField(
        _("résumé quotidien de mon agenda"),
        default=False,
        help_text=_(
            "Pour les praticiens : chaque matin à 7 h, la liste de vos rendez-vous du jour. "
            "Rien n’est envoyé les jours sans rendez-vous."
        ),
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
    # one message of a kind per revision; `start` is kept for the listing. Messages about the
    # appointment's money (the receipt, each refund) use 0: once, whatever the revision.
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


class DailySummary(models.Model):
    """A practitioner's morning summary of one day, claimed once. Inserted before the sending, in
    the transaction that queues the next morning's task: the unique constraint decides, between
    two workers, a retried task and the cron command, which one sends and goes on; the others stop.
    A day without appointments (or already over when its task ran) keeps its row, with no e-mail."""

    practitioner = models.ForeignKey(
        "practitioners_directory.Practitioner",
        verbose_name=_("praticien"),
        on_delete=models.CASCADE,
        related_name="daily_summaries",
    )
    day = models.DateField(_("jour"))
    appointments = models.PositiveSmallIntegerField(_("rendez-vous du jour"), default=0)
    recipient = models.EmailField(_("destinataire"), blank=True)
    claimed_at = models.DateTimeField(_("traité le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("résumé quotidien")
        verbose_name_plural = _("résumés quotidiens")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["practitioner", "day"], name="daily_summary_once"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} {self.day:%Y-%m-%d}"
