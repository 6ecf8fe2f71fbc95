"""Retention: the durations the DPO sets (Paramètres > Durées de conservation), the report of
every run of the rules, and the warnings sent to inactive accounts before their anonymisation."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


def default_contact_message_days() -> int:
    """The contact app's own setting (environment) is the starting value: a deployment that set
    CONTACT_RETENTION_DAYS keeps it when the settings row is first created."""
    return settings.CONTACT_RETENTION_DAYS


@register_setting(icon="history", name="retention-settings")
class RetentionSettings(BaseGenericSetting):
    """How long personal data is kept. Editors read it, only the DPO changes it (permission
    "change"); the legal basis of each default is in the README ("Retention")."""

    inactive_warning_years = models.PositiveSmallIntegerField(
        _("avertir les comptes inactifs après (années)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Sans connexion depuis cette durée, la personne reçoit un e-mail d’avertissement."),
    )
    inactive_anonymisation_days = models.PositiveSmallIntegerField(
        _("anonymiser après l’avertissement (jours)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("Une connexion pendant ce délai annule l’anonymisation."),
    )
    rejected_application_months = models.PositiveSmallIntegerField(
        _("supprimer les candidatures refusées après (mois)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Comptés à partir du refus ; les pièces jointes sont supprimées avec la candidature."),
    )
    contact_message_days = models.PositiveSmallIntegerField(
        _("supprimer les messages de contact après (jours)"),
        default=default_contact_message_days,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_("Comptés à partir de la réception, quel que soit le statut du message."),
    )
    appointment_reason_years = models.PositiveSmallIntegerField(
        _("effacer les motifs de consultation après (années)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Comptés à partir de la fin du rendez-vous ; le rendez-vous lui-même est conservé."),
    )
    consent_proof_years = models.PositiveSmallIntegerField(
        _("durée de preuve des consentements (années)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Après la fin du consentement, pour les reçus de cookies et les acceptations anonymes du "
            "registre. Ces registres sont en ajout seul : les lignes échues sont signalées dans le "
            "rapport, jamais supprimées par l’application (voir le README)."
        ),
    )

    class Meta:
        verbose_name = _("durées de conservation")


class RetentionRun(models.Model):
    """One run of the rules (the daily task, or `manage.py apply_retention`): what each rule found
    and did, as counts only (no names), and the errors met on the way."""

    class Trigger(models.TextChoices):
        DAILY = "daily", _("Tâche quotidienne")
        COMMAND = "command", _("Commande")

    started_at = models.DateTimeField(_("commencé le"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    dry_run = models.BooleanField(_("simulation"), default=False)
    trigger = models.CharField(_("origine"), max_length=16, choices=Trigger.choices)
    # The daily task claims its day here (unique): a duplicate task or a second worker stops.
    day = models.DateField(_("jour de la tâche quotidienne"), null=True, blank=True)
    # {rule key: {"label": ..., count name: n, ...}}, in the order the rules ran.
    counts = models.JSONField(_("résultats par règle"), default=dict, blank=True)
    # [{"rule": key, "item": "user 42", "error": "..."}]: never a name or an e-mail address.
    errors = models.JSONField(_("erreurs"), default=list, blank=True)

    class Meta:
        verbose_name = _("exécution des règles de conservation")
        verbose_name_plural = _("exécutions des règles de conservation")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day"], condition=models.Q(day__isnull=False), name="retention_run_once_a_day"
            )
        ]

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at)
        label = _("Simulation") if self.dry_run else _("Exécution")
        return f"{label} — {started:%d/%m/%Y %H:%M}"


class RetentionWarning(models.Model):
    """The e-mail that told an inactive person the date of their account's anonymisation.

    One per person and period of inactivity (`inactive_since`, their last sign-in or signup when it
    was sent): a sign-in afterwards starts a new period and cancels this one; a warning cancelled
    because the account became excluded (see selectors) lets a new one be sent once it is not.
    The row stays after the anonymisation (the tombstone keeps it): it shows the person was
    warned, and when."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("En attente")
        SIGNED_IN = "signed_in", _("Annulé : la personne s’est connectée")
        EXCLUDED = "excluded", _("Annulé : compte exclu de l’anonymisation automatique")
        ANONYMISED = "anonymised", _("Compte anonymisé")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="retention_warnings",
    )
    inactive_since = models.DateTimeField(_("inactif depuis"))
    warned_at = models.DateTimeField(_("averti le"), default=timezone.now)
    anonymise_after = models.DateTimeField(_("anonymisation prévue le"))
    outcome = models.CharField(
        _("suite"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING, db_index=True
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avertissement d’inactivité")
        verbose_name_plural = _("avertissements d’inactivité")
        ordering = ["-warned_at"]
        constraints = [
            # An exclusion met at the announced date (an appointment booked meanwhile) does not
            # count: once it ends, the person is warned again, with a new date.
            models.UniqueConstraint(
                fields=["user", "inactive_since"],
                condition=~models.Q(outcome="excluded"),
                name="retention_warning_once_per_inactivity",
            )
        ]

    def __str__(self) -> str:
        return str(_("Avertissement du compte %(pk)s") % {"pk": self.user_id})


# Why each default, said briefly on the admin's page of the rules (the README has the long form).
LEGAL_BASIS = {
    "inactive_warning_years": _(
        "Référentiel de la CNIL sur la gestion commerciale : 3 ans après le dernier contact de la "
        "personne (ici, sa dernière connexion)."
    ),
    "inactive_anonymisation_days": _(
        "Un délai raisonnable pour que la personne lise l’avertissement et se connecte si elle veut "
        "garder son compte."
    ),
    "rejected_application_months": _(
        "Référentiel de la CNIL sur le recrutement : le dossier d’un candidat non retenu n’est pas "
        "gardé au-delà du temps utile ; 6 mois pour contester le refus ou y répondre."
    ),
    "contact_message_days": _(
        "Le temps de traiter la demande et son éventuel suivi (article 5.1.e du RGPD, limitation de "
        "la conservation)."
    ),
    "appointment_reason_years": _(
        "Prescription de droit commun (article 2224 du Code civil) pour un litige sur la "
        "consultation ; les psychologues ne relèvent pas des 20 ans du dossier médical."
    ),
    "consent_proof_years": _(
        "Preuve du consentement (article 7.1 du RGPD) : la CNIL recommande 5 ans après la fin du "
        "consentement, durée de la prescription civile."
    ),
}
