"""Data-subject requests (articles 15 to 22 GDPR, article 85 LIL) and their history.

A request is proof that the platform answered, and when: it outlives the person's erasure with
its type, channel, dates and statuses, while what identifies them (name, e-mail, free text) is
blanked (privacy_requests.privacy). Dates are set by `services` only (deadlines.py says how).
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.fields import EncryptedTextField


class DataSubjectRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Accès")
        PORTABILITY = "portability", _("Portabilité")
        RECTIFICATION = "rectification", _("Rectification")
        OBJECTION = "objection", _("Opposition")
        RESTRICTION = "restriction", _("Limitation")
        ERASURE = "erasure", _("Effacement")
        DIRECTIVES = "post_mortem", _("Directives post mortem")
        OTHER = "other", _("Autre")

    class Channel(models.TextChoices):
        CENTRE = "privacy_centre", _("Espace « Mes données »")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Courrier")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Reçue")
        IN_PROGRESS = "in_progress", _("En cours")
        ANSWERED = "answered", _("Répondue")
        REFUSED = "refused", _("Refusée")
        CLOSED = "closed", _("Clôturée")

    # Still waiting for an answer: what the deadline applies to.
    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    kind = models.CharField(_("type de demande"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("canal"), max_length=16, choices=Channel.choices, default=Channel.CENTRE)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_subject_requests",
        verbose_name=_("compte"),
        help_text=_("Le compte de la personne sur la plateforme, s’il existe."),
    )
    requester_name = models.CharField(
        _("nom de la personne"),
        max_length=200,
        blank=True,
        help_text=_("Tel qu’il figure dans la demande (pour la réponse par courrier)."),
    )
    requester_email = models.EmailField(
        _("e-mail de la personne"), blank=True, help_text=_("L’adresse où répondre.")
    )
    language = models.CharField(
        _("langue de la réponse"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    message = EncryptedTextField(
        _("demande"), blank=True, help_text=_("Le texte de la demande, tel que reçu.")
    )
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    due_at = models.DateField(_("à traiter avant le"), help_text=_("Un mois après la réception."))
    extended_due_at = models.DateField(
        _("délai prolongé jusqu’au"),
        null=True,
        blank=True,
        help_text=_("Trois mois après la réception, si le délai a été prolongé."),
    )
    extension_reason = models.TextField(
        _("motif de la prolongation"), blank=True, help_text=_("Envoyé à la personne.")
    )
    refusal_reason = models.TextField(
        _("motif du refus"), blank=True, help_text=_("Communiqué à la personne (article 12.4 du RGPD).")
    )
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    dpo_notes = EncryptedTextField(
        _("notes du DPO"), blank=True, help_text=_("Pour le suivi interne ; jamais envoyées à la personne.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
        help_text=_("Le DPO qui a saisi une demande reçue par e-mail ou par courrier."),
    )

    class Meta:
        verbose_name = _("demande d’une personne")
        verbose_name_plural = _("demandes des personnes")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "due_at"], name="privacy_req_status_due_idx")]
        # No check that a refusal or an extension has its reason: the services require one, and
        # erasure blanks them (privacy_requests.privacy) while the dates and statuses stay.

    def __str__(self) -> str:
        # No personal data: the admin's titles, breadcrumbs and log lines show it.
        return str(
            _("Demande n° %(number)s (%(kind)s)") % {"number": self.pk, "kind": self.get_kind_display()}
        )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def deadline(self):
        """The date that counts: the extended one if the deadline was extended."""
        return self.extended_due_at or self.due_at


class RequestEvent(models.Model):
    """One step of a request (created, status changed, extended, export or erasure run): who and
    when, no free text (it survives the person's erasure as it is). Never updated."""

    class Action(models.TextChoices):
        CREATED = "created", _("Demande enregistrée")
        STATUS = "status", _("Statut modifié")
        EXTENDED = "extended", _("Délai prolongé")
        EXPORT = "export", _("Export téléchargé")
        ERASURE = "erasure", _("Effacement effectué")

    request = models.ForeignKey(
        DataSubjectRequest, on_delete=models.CASCADE, related_name="events", verbose_name=_("demande")
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_status = models.CharField(
        _("ancien statut"), max_length=16, choices=DataSubjectRequest.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("nouveau statut"), max_length=16, choices=DataSubjectRequest.Status.choices
    )

    class Meta:
        verbose_name = _("étape d’une demande")
        verbose_name_plural = _("historique des demandes")
        ordering = ["at", "id"]
        triggers = [
            # Append-only: a step is never rewritten (a request's deletion still takes its steps).
            pgtrigger.Protect(name="privacy_requests_event_append_only", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.get_to_status_display()}"
