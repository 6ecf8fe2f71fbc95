"""Money records: the practitioners' Stripe accounts, one payment per appointment with its
append-only history, refunds, and the Stripe events already handled.

Amounts are integer cents (EUR). Stripe stays the source of truth: every webhook re-reads the
object it is about (services), so these rows follow Stripe's state whatever the order of events.
"""

import uuid
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from booking.models import Appointment
from integrity.registry import register_append_only
from practitioners_directory.models import Practitioner


class ConnectedAccount(models.Model):
    """A practitioner's Stripe Connect Express account (one per practitioner, not per page)."""

    practitioner = models.OneToOneField(
        Practitioner, verbose_name=_("praticien"), on_delete=models.PROTECT, related_name="stripe_account"
    )
    stripe_account_id = models.CharField(_("compte Stripe"), max_length=64, unique=True)
    details_submitted = models.BooleanField(_("informations transmises"), default=False)
    charges_enabled = models.BooleanField(_("paiements activés"), default=False)
    payouts_enabled = models.BooleanField(_("virements activés"), default=False)
    requirements_due = models.JSONField(_("informations demandées par Stripe"), default=list, blank=True)
    disabled_reason = models.CharField(_("motif de blocage"), max_length=100, blank=True)
    synced_at = models.DateTimeField(_("mis à jour depuis Stripe le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("compte Stripe de praticien")
        verbose_name_plural = _("comptes Stripe des praticiens")
        ordering = ["practitioner__display_name"]

    def __str__(self) -> str:
        return f"{self.practitioner} ({self.stripe_account_id})"


@register_setting(icon="tick-inverse")
class PaymentSettings(BaseGenericSetting):
    """What editors decide about payments (Paramètres > Paiements)."""

    commission_percent = models.DecimalField(
        _("commission de la plateforme (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text=_(
            "Prélevée sur chaque consultation payée (frais de la plateforme) ; le reste est versé au "
            "praticien. S’applique aux paiements commencés après l’enregistrement."
        ),
    )

    class Meta:
        verbose_name = _("paiements")


class Payment(models.Model):
    """The payment of one appointment: a Checkout Session, then (once paid) its payment intent and
    charge. `fee_cents` is the platform's application fee; the practitioner receives the rest."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de paiement")
        FAILED = "failed", _("Paiement refusé")
        PAID = "paid", _("Payé")
        EXPIRED = "expired", _("Expiré sans paiement")
        PARTIALLY_REFUNDED = "partially_refunded", _("Remboursé en partie")
        REFUNDED = "refunded", _("Remboursé")
        REFUND_FAILED = "refund_failed", _("Remboursement en échec")
        DISPUTED = "disputed", _("Contesté")

    # Money was taken (a receipt exists, payouts count it).
    SETTLED = (
        Status.PAID,
        Status.PARTIALLY_REFUNDED,
        Status.REFUNDED,
        Status.REFUND_FAILED,
        Status.DISPUTED,
    )
    # The person may still pay (the session is open).
    PAYABLE = (Status.PENDING, Status.FAILED)

    reference = models.UUIDField(_("référence"), default=uuid.uuid4, unique=True, editable=False)
    appointment = models.OneToOneField(
        Appointment, verbose_name=_("rendez-vous"), on_delete=models.PROTECT, related_name="payment"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("patient"), on_delete=models.PROTECT, related_name="payments"
    )
    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("praticien"), on_delete=models.PROTECT, related_name="payments"
    )
    status = models.CharField(
        _("statut"), max_length=32, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    currency = models.CharField(_("devise"), max_length=3, default="eur")
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    commission_percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2)
    fee_cents = models.PositiveIntegerField(_("frais de la plateforme (centimes)"))
    refunded_cents = models.PositiveIntegerField(_("remboursé (centimes)"), default=0)
    fee_refunded_cents = models.PositiveIntegerField(_("frais remboursés (centimes)"), default=0)
    destination_account = models.CharField(_("compte Stripe du praticien"), max_length=64)
    checkout_session_id = models.CharField(
        _("session Checkout"), max_length=255, unique=True, null=True, blank=True
    )
    checkout_url = models.URLField(_("page de paiement"), max_length=2000, blank=True)
    checkout_attempts = models.PositiveSmallIntegerField(_("tentatives de création"), default=0)
    expires_at = models.DateTimeField(_("session valable jusqu’au"), null=True, blank=True)
    payment_intent_id = models.CharField(_("PaymentIntent"), max_length=255, blank=True, db_index=True)
    charge_id = models.CharField(_("charge"), max_length=255, blank=True, db_index=True)
    dispute_id = models.CharField(_("litige"), max_length=255, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    paid_at = models.DateTimeField(_("payé le"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_cents__lte=F("amount_cents")), name="payment_fee_in_amount"
            ),
            models.CheckConstraint(
                condition=Q(refunded_cents__lte=F("amount_cents")), name="payment_refund_in_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appointment} — {self.amount_cents / 100:.2f} €"

    @property
    def is_settled(self) -> bool:
        return self.status in self.SETTLED

    @property
    def net_amount_cents(self) -> int:
        """What the person finally paid (after refunds)."""
        return self.amount_cents - self.refunded_cents

    @property
    def net_fee_cents(self) -> int:
        return self.fee_cents - self.fee_refunded_cents

    @property
    def practitioner_share_cents(self) -> int:
        """What the practitioner keeps: the amount kept, less the platform's fee kept."""
        return self.net_amount_cents - self.net_fee_cents

    @property
    def receipt_number(self) -> str:
        year = (self.paid_at or self.created_at).year
        return f"{year}-{self.pk:06d}"


@register_append_only
class PaymentStatusChange(models.Model):
    """Every change of a payment's status (and notes such as "late cancellation: no refund"):
    a history row, never updated nor deleted (PostgreSQL refuses it)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(
        _("ancien statut"), max_length=32, choices=Payment.Status.choices, blank=True
    )
    to_status = models.CharField(_("nouveau statut"), max_length=32, choices=Payment.Status.choices)
    at = models.DateTimeField(_("le"), default=timezone.now)
    note = models.CharField(_("note"), max_length=255, blank=True)
    stripe_event_id = models.CharField(_("événement Stripe"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("changement de statut de paiement")
        verbose_name_plural = _("changements de statut de paiement")
        ordering = ["at", "pk"]
        triggers = [
            pgtrigger.Protect(
                name="payments_paymentstatuschange_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class Refund(models.Model):
    """A refund asked by the platform (a cancellation, a payment that came too late) or found at
    Stripe (made from the dashboard). `idempotency_key` is the cancellation's own key."""

    class Reason(models.TextChoices):
        CANCELLED_BY_USER = "cancelled_by_user", _("Annulation par le patient dans le délai")
        CANCELLED_BY_PRACTITIONER = "cancelled_by_practitioner", _("Annulation par le praticien")
        UNAVAILABLE = "unavailable", _("Rendez-vous plus disponible au moment du paiement")
        EXTERNAL = "external", _("Fait depuis le tableau de bord Stripe")

    class Status(models.TextChoices):
        PENDING = "pending", _("En cours")
        SUCCEEDED = "succeeded", _("Effectué")
        FAILED = "failed", _("En échec")

    payment = models.ForeignKey(
        Payment, verbose_name=_("paiement"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"))
    reason = models.CharField(_("motif"), max_length=32, choices=Reason.choices)
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.PENDING)
    idempotency_key = models.CharField(
        _("clé d’idempotence"), max_length=255, unique=True, null=True, blank=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    stripe_refund_id = models.CharField(
        _("remboursement Stripe"), max_length=255, unique=True, null=True, blank=True
    )
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("remboursement")
        verbose_name_plural = _("remboursements")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} € ({self.get_status_display()})"


class StripeEvent(models.Model):
    """A Stripe event already handled: its id is unique, and the row is written in the same
    transaction as the event's effect, so a replay or a concurrent duplicate has no second one."""

    class Outcome(models.TextChoices):
        PROCESSED = "processed", _("traité")
        IGNORED = "ignored", _("ignoré")

    event_id = models.CharField(_("événement"), max_length=255, unique=True)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    account = models.CharField(_("compte connecté"), max_length=64, blank=True)
    object_id = models.CharField(_("objet"), max_length=255, blank=True)
    livemode = models.BooleanField(_("mode réel"), default=False)
    created = models.DateTimeField(_("créé chez Stripe le"), null=True, blank=True)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("résultat"), max_length=16, choices=Outcome.choices, default=Outcome.IGNORED)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("événement Stripe")
        verbose_name_plural = _("événements Stripe")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
