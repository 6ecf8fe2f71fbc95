"""Legal documents, their versions (Wagtail snippets) and the append-only acceptance ledger."""

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from integrity.models import HashChained, chain_constraints
from integrity.registry import register_append_only

from .blocks import LegalBodyBlock


class LegalDocument(models.Model):
    """One of the five documents; the rows are created by a data migration, editors add versions."""

    class Kind(models.TextChoices):
        PRIVACY_POLICY = "privacy_policy", _("Politique de confidentialité")
        COOKIE_POLICY = "cookie_policy", _("Politique de cookies")
        TERMS_OF_USE = "terms_of_use", _("Conditions générales d’utilisation")
        PRACTITIONER_TERMS = "practitioner_terms", _("Conditions générales des praticiens")
        LEGAL_NOTICE = "legal_notice", _("Mentions légales")

    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, unique=True)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("document juridique")
        verbose_name_plural = _("documents juridiques")

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def label(self):
        return self.Kind(self.kind).label


# Which documents a signed-in person must have accepted (the gate and signup use this).
KINDS_ACCEPTED_BY_EVERYONE = (LegalDocument.Kind.TERMS_OF_USE, LegalDocument.Kind.PRIVACY_POLICY)
KINDS_ACCEPTED_BY_PRACTITIONERS = (LegalDocument.Kind.PRACTITIONER_TERMS,)


def kinds_for(*, is_practitioner: bool) -> tuple[str, ...]:
    kinds = KINDS_ACCEPTED_BY_EVERYONE
    if is_practitioner:
        kinds += KINDS_ACCEPTED_BY_PRACTITIONERS
    return tuple(str(kind) for kind in kinds)


# Columns that make up the text of a version: once published they never change (see trigger).
FROZEN_COLUMNS = (
    "document_id",
    "number",
    "title",
    "body",
    "summary_of_changes",
    "effective_at",
    "requires_reacceptance",
    "locale_id",
    "translation_key",
)


class PolicyVersion(
    TranslatableMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A numbered version of a legal document in one language (French is authoritative).

    The English row is a translation of the French one (same translation_key, same number).
    Publishing makes a version public; `effective_at` says when it starts to apply, so a
    version published before its effective date is "announced".
    """

    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("numéro de version"), validators=[MinValueValidator(1)])
    title = models.CharField(_("titre"), max_length=255)
    body = StreamField(LegalBodyBlock(), verbose_name=_("texte"))
    summary_of_changes = models.TextField(
        _("résumé des changements"),
        blank=True,
        help_text=_("Montré aux personnes invitées à accepter de nouveau ; quelques phrases simples."),
    )
    effective_at = models.DateTimeField(
        _("date d’entrée en vigueur"),
        help_text=_("Peut être dans le futur : la version est alors annoncée avant de s’appliquer."),
    )
    requires_reacceptance = models.BooleanField(
        _("nouvelle acceptation requise"),
        default=False,
        help_text=_(
            "Cochez pour un changement important : chacun devra accepter cette version. "
            "Une simple correction de forme ne l’exige pas."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="policyversion")

    panels = [
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("number"), FieldPanel("title")],
            heading=_("Identification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("effective_at"),
                FieldPanel("requires_reacceptance"),
                FieldPanel("summary_of_changes"),
            ],
            heading=_("Entrée en vigueur"),
        ),
        FieldPanel("body"),
    ]

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale"),
        index.FilterField("document"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("version de document juridique")
        verbose_name_plural = _("versions de documents juridiques")
        ordering = ["document__sort_order", "-number", "locale_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number", "locale"], name="legal_version_number_unique_per_locale"
            ),
        ]
        triggers = [
            # "Published is frozen", enforced by PostgreSQL too: once first published, the
            # columns that make up the text cannot change (Wagtail may still update its own
            # bookkeeping columns: live, lock, latest revision...).
            pgtrigger.Protect(
                name="legal_version_frozen_once_published",
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(
                    "OLD.first_published_at IS NOT NULL AND ("
                    + ", ".join(f"OLD.{c}" for c in FROZEN_COLUMNS)
                    + ") IS DISTINCT FROM ("
                    + ", ".join(f"NEW.{c}" for c in FROZEN_COLUMNS)
                    + ")"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} — v{self.number} ({self.locale.language_code})"

    @property
    def revisions(self):
        return self._revisions

    @property
    def is_frozen(self) -> bool:
        """Published once means frozen forever: corrections go into a new version."""
        return self.first_published_at is not None

    @property
    def language_code(self) -> str:
        return self.locale.language_code

    def clean(self):
        super().clean()
        from .rules import effective_date_error

        message = effective_date_error(self)
        if message:
            raise ValidationError({"effective_at": message})

    def get_preview_template(self, request, mode_name):
        return "legal/version_preview.html"

    def get_preview_context(self, request, mode_name):
        from .rendering import render_version

        context = super().get_preview_context(request, mode_name)
        context["version"] = self
        context["document"] = self.document
        context["rendered"] = render_version(self)
        return context


@register_append_only
class Acceptance(HashChained):
    """One acceptance of one version: a ledger row, never updated nor deleted.

    The person is a user, or an anonymous consent id for the cookie banner. Users and versions
    are PROTECTed: proof of consent outlives the wish to tidy up (erasure anonymises the
    account instead of deleting rows). Rows are hash-chained (integrity.chain): only
    `legal.services.record_acceptance` inserts them.
    """

    chain_timestamp_field = "accepted_at"
    # Not content: Wagtail's reference index would add a row and a queued task per insert,
    # inside the transaction that holds the chain's lock.
    wagtail_reference_index_ignore = True

    class Context(models.TextChoices):
        SIGNUP = "signup", _("Inscription")
        BOOKING = "booking", _("Réservation")
        REACCEPTANCE = "reacceptance", _("Nouvelle acceptation")
        COOKIE_BANNER = "cookie_banner", _("Bandeau cookies")
        APPLICATION = "application", _("Candidature praticien")
        CONTACT_FORM = "contact_form", _("Formulaire de contact")
        NEWSLETTER = "newsletter", _("Lettre d’information")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_acceptances",
        verbose_name=_("utilisateur"),
    )
    # NULL (not "") when absent, so the partial unique constraint ignores user rows.
    consent_id = models.CharField(  # noqa: DJ001
        _("identifiant de consentement"), max_length=64, null=True, blank=True
    )
    document = models.ForeignKey(
        LegalDocument, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("document")
    )
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("version")
    )
    # Copied from the version so "accepted version N" does not depend on the language shown.
    version_number = models.PositiveIntegerField(_("numéro de version"))
    context = models.CharField(_("contexte"), max_length=32, choices=Context.choices)
    accepted_at = models.DateTimeField(_("accepté le"), default=timezone.now, db_index=True)
    language = models.CharField(_("langue affichée"), max_length=8)
    text_sha256 = models.CharField(_("empreinte SHA-256 du texte affiché"), max_length=64)
    user_agent = models.CharField(_("navigateur"), max_length=255, blank=True)
    ip_network = models.CharField(
        _("réseau IP (tronqué)"),
        max_length=64,
        blank=True,
        help_text=_("Adresse tronquée : /24 en IPv4, /48 en IPv6."),
    )

    class Meta:
        verbose_name = _("acceptation")
        verbose_name_plural = _("acceptations")
        ordering = ["-accepted_at", "-id"]
        constraints = [
            # Accepting the same version twice (any language) in the same context records it
            # once; each context keeps its own proof (a newsletter consent is not a signup).
            models.UniqueConstraint(
                fields=["user", "document", "version_number", "context"],
                condition=models.Q(user__isnull=False),
                name="legal_acceptance_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["consent_id", "document", "version_number", "context"],
                condition=models.Q(consent_id__isnull=False),
                name="legal_acceptance_once_per_consent_id",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(consent_id__isnull=False),
                name="legal_acceptance_has_a_subject",
            ),
            *chain_constraints(),
        ]
        triggers = [
            pgtrigger.Protect(
                name="legal_acceptance_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        who = (self.user_id and f"user {self.user_id}") or f"consent {self.consent_id}"
        return f"{who} — {self.document} v{self.version_number}"


class VersionNotification(models.Model):
    """An e-mail about a new version was sent to this person: publishing again sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="notifications")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification de nouvelle version")
        verbose_name_plural = _("notifications de nouvelle version")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="legal_notification_once"),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} — version {self.version_id}"
