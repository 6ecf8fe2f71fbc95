"""The newsletter: who subscribed (an append-only, hash-chained event log), the issues editors
write (Wagtail snippets), and one delivery row per issue and recipient."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin, TranslatableMixin
from wagtail.search import index

from integrity.models import HashChained, chain_constraints
from integrity.registry import register_append_only

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "hr"]


@register_append_only
class SubscriptionEvent(HashChained):
    """One step of a person's subscription, never updated nor deleted: the state is the last
    event (newsletter.selectors.state_of). A confirmation points to its proof in the legal
    ledger (context "newsletter"). Only newsletter.services appends rows (integrity.chain)."""

    chain_timestamp_field = "created_at"
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        SUBSCRIBED = "subscribed", _("Inscription demandée")
        CONFIRMED = "confirmed", _("Inscription confirmée")
        WITHDRAWN = "withdrawn", _("Désinscription")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Formulaire d’inscription au site")
        ACCOUNT = "account", _("Espace « Mon compte »")
        CONFIRMATION_LINK = "confirmation_link", _("Lien de confirmation reçu par e-mail")
        UNSUBSCRIBE_PAGE = "unsubscribe_page", _("Lien de désinscription de la lettre")
        ONE_CLICK = "one_click", _("Désinscription en un clic (messagerie, RFC 8058)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="newsletter_events",
        verbose_name=_("utilisateur"),
    )
    kind = models.CharField(_("événement"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("origine"), max_length=32, choices=Source.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    language = models.CharField(_("langue"), max_length=8)
    acceptance = models.ForeignKey(
        "legal.Acceptance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preuve dans le registre des acceptations"),
    )

    class Meta:
        verbose_name = _("événement d’abonnement")
        verbose_name_plural = _("événements d’abonnement à la lettre d’information")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="confirmed") | models.Q(acceptance__isnull=False),
                name="newsletter_confirmation_has_its_proof",
            ),
            *chain_constraints(),
        ]
        triggers = [
            pgtrigger.Protect(
                name="newsletter_subscription_event_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} — {self.kind} ({self.source})"


class NewsletterIssue(TranslatableMixin, PreviewableMixin, index.Indexed, models.Model):
    """One issue in one language; sent once, to the confirmed subscribers of that language."""

    subject = models.CharField(_("objet de l’e-mail"), max_length=200)
    body = RichTextField(_("texte"), features=BODY_FEATURES)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    # Set once by newsletter.services.request_sending (never through the form).
    send_requested_at = models.DateTimeField(_("envoi demandé le"), null=True, blank=True, editable=False)
    send_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("envoi demandé par"),
    )
    recipients_total = models.PositiveIntegerField(_("destinataires prévus"), default=0, editable=False)
    sending_finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True, editable=False)

    panels = [FieldPanel("subject"), FieldPanel("body")]
    search_fields = [
        index.SearchField("subject"),
        index.AutocompleteField("subject"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("lettre d’information")
        verbose_name_plural = _("lettres d’information")
        ordering = ["-created_at", "-id"]
        permissions = [("send_newsletterissue", _("Peut envoyer une lettre d’information"))]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_sent(self) -> bool:
        """Sending was asked for: the issue is frozen and cannot be sent again."""
        return self.send_requested_at is not None

    def get_preview_template(self, request, mode_name):
        return "newsletter/email/issue.html"

    def get_preview_context(self, request, mode_name):
        from . import messages

        context = super().get_preview_context(request, mode_name)
        message = messages.issue_message(self, recipient=request.user, preview=True)
        context.update({"message": message, "platform": settings.PLATFORM_NAME})
        return context


class Delivery(models.Model):
    """One issue to one person: claimed (unique) before the sending, so a retried or doubled
    task never sends twice; then marked sent or failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En cours")
        SENT = "sent", _("Envoyée")
        FAILED = "failed", _("Échec")

    issue = models.ForeignKey(
        NewsletterIssue, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("lettre")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("destinataire")
    )
    email = models.EmailField(_("adresse"))
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(_("préparée le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    error = models.CharField(_("erreur"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("envoi de lettre d’information")
        verbose_name_plural = _("envois de lettres d’information")
        constraints = [
            models.UniqueConstraint(fields=["issue", "user"], name="newsletter_delivery_once_per_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → user {self.user_id} ({self.status})"
