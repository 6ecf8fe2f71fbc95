"""The access log: who read which person's sensitive data, when and why (append-only, chained),
and the person's data exports (portability)."""

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity.models import HashChained, chain_constraints
from integrity.registry import register_append_only


@register_append_only
class AccessLogEntry(HashChained):
    """One read of someone's sensitive data by someone else: a ledger row, never updated nor deleted.

    Users are PROTECTed, as in the acceptance ledger: the trace outlives the wish to tidy up
    (erasure anonymises an account instead of deleting it). Rows are hash-chained
    (integrity.chain): only `privacy.services.log_access` inserts them.
    """

    chain_timestamp_field = "accessed_at"
    # Not content: Wagtail's reference index would add a row and a queued task per insert,
    # inside the transaction that holds the chain's lock.
    wagtail_reference_index_ignore = True

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lecteur"),
        help_text=_("Le compte qui a consulté les données."),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (subject, accessed_at) index serves "this person's log"
        verbose_name=_("personne concernée"),
        help_text=_("La personne à qui les données se rapportent."),
    )
    what = models.CharField(
        _("donnée consultée"), max_length=100, help_text=_("Par exemple appointment.reason.")
    )
    obj_ref = models.CharField(
        _("objet"), max_length=100, blank=True, help_text=_("Par exemple booking.appointment:42.")
    )
    why = models.CharField(_("motif"), max_length=255)
    accessed_at = models.DateTimeField(_("consulté le"), default=timezone.now, db_index=True)
    ip_network = models.CharField(
        _("réseau IP (tronqué)"),
        max_length=64,
        blank=True,
        help_text=_("Adresse tronquée : /24 en IPv4, /48 en IPv6."),
    )

    class Meta:
        verbose_name = _("consultation de données")
        verbose_name_plural = _("journal des consultations")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["subject", "-accessed_at"], name="privacy_access_subject_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(what=""), name="privacy_access_has_what"),
            models.CheckConstraint(condition=~models.Q(why=""), name="privacy_access_has_why"),
            *chain_constraints(),
        ]
        triggers = [
            pgtrigger.Protect(
                name="privacy_accesslogentry_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        # No query (the users' names would need one): the admin's title and log lines.
        return f"{self.what} — {self.obj_ref or '—'}"


class PersonalDataExport(models.Model):
    """One download of a person's data (JSON and files in a ZIP), built by a background task.

    The archive is stored encrypted (Fernet, `privacy.crypto`) in the private storage, served
    decrypted to its owner only, until `expires_at`; then `portability.purge_expired_exports`
    deletes the file and the row says "expired".
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En préparation")
        READY = "ready", _("Prête")
        FAILED = "failed", _("Échec")
        EXPIRED = "expired", _("Expirée")

    IN_PROGRESS = (Status.PENDING, Status.RUNNING)

    reference = models.UUIDField(_("référence"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_exports",
        verbose_name=_("personne"),
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("téléchargeable jusqu’au"), null=True, blank=True)
    # The encrypted archive's name in the private storage ("" once deleted).
    file_name = models.CharField(_("fichier chiffré"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    error = models.CharField(_("erreur"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("export de données personnelles")
        verbose_name_plural = _("exports de données personnelles")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="privacy_export_expiry_idx")]

    def __str__(self) -> str:
        return f"export {self.reference} ({self.status})"

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    def is_downloadable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.file_name)
            and self.expires_at is not None
            and self.expires_at > now
        )
