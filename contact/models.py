"""The contact page, the subjects editors offer on it and the messages people send through it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from common.i18n import content_language
from home.blocks import ContentPageBodyBlock
from privacy.fields import EncryptedTextField


class ContactSubject(models.Model):
    """A subject people choose from (« Mon compte », « Un paiement »…), in French and English.

    A plain snippet with both labels rather than a translatable one: a message keeps one subject
    whatever the language it was written in, and the admin filters on it in both languages.
    """

    name = models.CharField(_("libellé (français)"), max_length=120, unique=True)
    name_en = models.CharField(_("libellé (anglais)"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d’affichage"), default=0)
    active = models.BooleanField(
        _("proposé sur le formulaire"),
        default=True,
        help_text=_("Décochez pour ne plus le proposer ; les messages déjà reçus le gardent."),
    )

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("sort_order"), FieldPanel("active")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("sujet de contact")
        verbose_name_plural = _("sujets de contact")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the language of the current request (French without an English one)."""
        if content_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def label_in(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class ContactMessage(models.Model):
    """A message sent through the contact form. The text may hold health details: encrypted.

    Kept CONTACT_RETENTION_DAYS, then deleted by `services.purge_expired_contact_messages`. The
    acceptance of the privacy policy it was sent under stays in the ledger (append-only), under
    the consent id `contact:<reference>` (or the sender's account).
    """

    class Status(models.TextChoices):
        NEW = "new", _("Nouveau")
        ANSWERED = "answered", _("Répondu")
        CLOSED = "closed", _("Clos")

    reference = models.UUIDField(_("référence"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("e-mail"))
    subject = models.ForeignKey(
        ContactSubject, on_delete=models.PROTECT, related_name="messages", verbose_name=_("sujet")
    )
    message = EncryptedTextField(_("message"))
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default="fr")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("compte"),
        help_text=_("Le compte de l’expéditeur, s’il était connecté."),
    )
    acceptance = models.ForeignKey(
        "legal.Acceptance",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acceptation de la politique de confidentialité"),
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)
    forwarded_at = models.DateTimeField(_("transmis au support le"), null=True, blank=True, editable=False)
    acknowledged_at = models.DateTimeField(
        _("accusé de réception envoyé le"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message de contact")
        verbose_name_plural = _("messages de contact")

    def __str__(self) -> str:
        # No personal data: the admin's titles, breadcrumbs and log lines show it.
        return str(_("Message %(reference)s") % {"reference": self.short_reference})

    @property
    def short_reference(self) -> str:
        """What the sender is told and may quote: « C-1A2B3C4D »."""
        return f"C-{self.reference.hex[:8].upper()}"

    @property
    def consent_id(self) -> str:
        """The anonymous sender's id in the acceptance ledger."""
        return f"contact:{self.reference}"


class ContactPage(Page):
    """The contact page: an introduction, the form, then a body of blocks (rights, emergencies)."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Un ou deux paragraphes courts affichés sous le titre, avant le formulaire."),
    )
    body = StreamField(
        ContentPageBodyBlock(),
        blank=True,
        verbose_name=_("contenu"),
        help_text=_("Affiché après le formulaire."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page de contact")
        verbose_name_plural = _("pages de contact")

    def get_meta_description(self) -> str:
        return self.intro

    def serve(self, request, *args, **kwargs):
        # The form carries a CSRF token and a signed timestamp: the view answers, never a cache.
        from .views import contact_page

        return contact_page(request, self)
