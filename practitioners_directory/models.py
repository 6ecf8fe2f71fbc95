"""Practitioner profiles (Wagtail pages), the directory page, taxonomies and applications."""

import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import Gender, User
from accounts.validators import validate_french_postal_code
from common.i18n import content_language
from config.storages import private_storage
from pagecache import dependencies, fragments
from privacy.fields import EncryptedTextField

from .fields import PriceCentsField, cents_to_euros
from .validators import department_for_postal_code, normalise_number, validate_adeli, validate_rpps

PRESENTATION_FEATURES = ["bold", "italic", "ol", "ul", "link"]


# --- Taxonomies ------------------------------------------------------------------------------
# Plain snippets with a French and an English name rather than TranslatableMixin: a profile and its
# English translation then share the same methodology rows, filters work identically in /fr/ and
# /en/, and the slug keeps shared URLs language-independent.


class Taxonomy(models.Model):
    name = models.CharField(_("nom (français)"), max_length=80, unique=True)
    name_en = models.CharField(_("nom (anglais)"), max_length=80, blank=True)
    slug = models.SlugField(
        _("identifiant d’URL"), max_length=80, unique=True, help_text=_("Utilisé dans les filtres partagés.")
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre d’affichage"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the current request."""
        if content_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Methodology(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("approche thérapeutique")
        verbose_name_plural = _("approches thérapeutiques")


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")


class SpokenLanguage(Taxonomy):
    code = models.CharField(
        _("code de langue"), max_length=8, blank=True, help_text=_("Code ISO 639-1, par exemple « fr ».")
    )

    panels = [*Taxonomy.panels, FieldPanel("code")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("langue parlée")
        verbose_name_plural = _("langues parlées")


# --- Pages -----------------------------------------------------------------------------------


class ProfessionalRegistration(models.Model):
    """RPPS or ADELI number, shared by applications and profiles: at least one is required."""

    rpps = models.CharField(_("numéro RPPS"), max_length=11, blank=True, validators=[validate_rpps])
    adeli = models.CharField(_("numéro ADELI"), max_length=9, blank=True, validators=[validate_adeli])

    class Meta:
        abstract = True

    @property
    def registration_label(self) -> str:
        if self.rpps:
            return f"RPPS {self.rpps}"
        if self.adeli:
            return f"ADELI {self.adeli}"
        return ""

    def full_clean(self, *args, **kwargs):
        # Normalise before the field validators run: « 10 00 12 34 567 » is a valid RPPS.
        self.rpps = normalise_number(self.rpps)
        self.adeli = normalise_number(self.adeli)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.rpps and not self.adeli:
            raise ValidationError(
                {
                    "rpps": _(
                        "Indiquez un numéro RPPS (11 chiffres) ou, à défaut, un numéro ADELI (9 chiffres)."
                    )
                }
            )


class DirectoryPage(Page):
    """The searchable list of practitioners; its children are the profiles."""

    intro = RichTextField(_("introduction"), blank=True, features=PRESENTATION_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["practitioners_directory.PractitionerPage"]
    max_count_per_parent = 1
    results_per_page = 20
    # The filters and the page number: anonymous results are stored per value (pagecache).
    page_cache_query_params = (
        *("q", "approche", "theme", "langue", "genre", "prix_min", "prix_max", "lieu", "disponible"),
        "page",
    )

    class Meta:
        verbose_name = _("annuaire des praticiens")
        verbose_name_plural = _("annuaires des praticiens")

    def get_meta_description(self) -> str:
        """Without a search description: the introduction (rich text; the template tag strips it)."""
        return self.intro

    def get_context(self, request, *args, **kwargs):
        from .forms import DirectorySearchForm
        from .selectors import directory_results, taxonomy_choices

        context = super().get_context(request, *args, **kwargs)
        # The results (the "available" filter) and their next slots change with bookings.
        dependencies.depends_on(request, dependencies.ANY_SLOTS)
        # Snippets: the page generation changes with them (pagecache), three queries saved.
        taxonomies = fragments.cached(request, "directory_taxonomies", taxonomy_choices)
        form = DirectorySearchForm(request.GET or None, taxonomies=taxonomies)
        criteria = form.criteria() if form.is_bound else {}
        page_obj = directory_results(
            directory=self,
            criteria=criteria,
            page_number=request.GET.get("page"),
            per_page=self.results_per_page,
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=page_obj,
            results=page_obj.object_list,
            filter_querystring=query.urlencode(),
            is_filtered=bool(criteria),
        )
        return context


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Fuseau horaire inconnu : %(zone)s."), params={"zone": value}) from exc


class Practitioner(models.Model):
    """The person who consults, once whatever the number of translated profile pages.

    Facts that do not depend on language (price, consultation length, account, time zone) are
    read here by booking and payments. The profile pages keep the moderated copy that editors and
    the practitioner edit; publishing a profile copies its facts here and to every translation
    (`services.share_practitioner_facts`), so the French and English pages never disagree.
    """

    display_name = models.CharField(_("nom affiché"), max_length=170)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte du praticien"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
    )
    time_zone = models.CharField(
        _("fuseau horaire"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    consultation_minutes = models.PositiveSmallIntegerField(_("durée de consultation (minutes)"), default=50)
    price_cents = models.PositiveIntegerField(_("tarif de la consultation (centimes)"), default=0)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("praticien")
        verbose_name_plural = _("praticiens")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def price_euros(self):
        return cents_to_euros(self.price_cents)


class PractitionerPage(ProfessionalRegistration, Page):
    # Shared by every translation of the profile (copied on translation, kept on publish).
    practitioner = models.ForeignKey(
        Practitioner,
        verbose_name=_("praticien"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="pages",
    )
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    gender = models.CharField(_("genre"), max_length=16, choices=Gender.choices)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    professional_title = models.CharField(
        _("titre professionnel"), max_length=120, help_text=_("Par exemple « Psychologue clinicienne ».")
    )
    city = models.CharField(_("ville"), max_length=80)
    postal_code = models.CharField(_("code postal"), max_length=5, validators=[validate_french_postal_code])
    # Derived from the postal code on save, so the directory filters on an indexed column.
    department = models.CharField(_("département"), max_length=3, editable=False, db_index=True)
    methodologies = ParentalManyToManyField(
        Methodology, verbose_name=_("approches thérapeutiques"), blank=True, related_name="practitioners"
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("thématiques"), blank=True, related_name="practitioners"
    )
    languages = ParentalManyToManyField(
        SpokenLanguage, verbose_name=_("langues parlées"), blank=True, related_name="practitioners"
    )
    consultation_minutes = models.PositiveSmallIntegerField(
        _("durée de consultation (minutes)"),
        default=50,
        validators=[MinValueValidator(15), MaxValueValidator(180)],
    )
    price_cents = PriceCentsField(
        _("tarif de la consultation (€)"), db_index=True, help_text=_("En euros, par exemple 60 ou 62,50.")
    )
    short_bio = models.CharField(_("présentation courte"), max_length=300)
    presentation = RichTextField(_("présentation détaillée"), blank=True, features=PRESENTATION_FEATURES)
    accepts_new_patients = models.BooleanField(_("accepte de nouveaux patients"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte du praticien"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner_pages",
        limit_choices_to={"role": User.Role.PRACTITIONER},
        help_text=_("Le compte qui peut proposer des modifications de ce profil (ou aucun pour l’instant)."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
                FieldPanel("gender"),
                FieldPanel("photo"),
                FieldPanel("professional_title"),
                FieldRowPanel([FieldPanel("rpps"), FieldPanel("adeli")]),
            ],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")])],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("methodologies", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Pratique"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("consultation_minutes"), FieldPanel("price_cents")]),
                FieldPanel("accepts_new_patients"),
            ],
            heading=_("Consultation"),
        ),
        FieldPanel("short_bio"),
        FieldPanel("presentation"),
        FieldPanel("user"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("last_name", boost=3),
        index.SearchField("first_name", boost=2),
        index.AutocompleteField("last_name"),
        index.SearchField("professional_title"),
        index.SearchField("city", boost=2),
        index.SearchField("short_bio"),
        index.SearchField("presentation"),
        index.FilterField("first_name"),
        index.FilterField("last_name"),
        index.FilterField("gender"),
        index.FilterField("postal_code"),
        index.FilterField("department"),
        index.FilterField("price_cents"),
        index.FilterField("accepts_new_patients"),
        index.RelatedFields(
            "methodologies",
            [index.SearchField("name"), index.SearchField("name_en"), index.FilterField("slug")],
        ),
        index.RelatedFields(
            "themes", [index.SearchField("name"), index.SearchField("name_en"), index.FilterField("slug")]
        ),
        index.RelatedFields("languages", [index.FilterField("slug")]),
    ]

    parent_page_types = ["practitioners_directory.DirectoryPage"]
    subpage_types = []
    # The week shown (?semaine=): stored per week for anonymous visitors (pagecache).
    page_cache_query_params = ("semaine",)

    class Meta:
        verbose_name = _("profil de praticien")
        verbose_name_plural = _("profils de praticiens")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.department = department_for_postal_code(self.postal_code)
        result = super().save(*args, **kwargs)
        if not kwargs.get("update_fields"):
            # The post_save indexing ran before modelcluster wrote the taxonomies: index again so
            # that a search for « EMDR » finds the profile at once.
            index.insert_or_update_object(self)
        return result

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def price_euros(self):
        return cents_to_euros(self.price_cents)

    # Facts that must be identical in every language (see Practitioner).
    SHARED_FIELDS = ("rpps", "adeli", "consultation_minutes", "price_cents", "accepts_new_patients", "user")

    def full_clean(self, *args, **kwargs):
        self.postal_code = (self.postal_code or "").strip()
        self.department = department_for_postal_code(self.postal_code)
        if not self.title and (self.first_name or self.last_name):
            self.title = self.full_name
        super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import profile_structured_data

        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = profile_structured_data(page=self, request=request)
        return context

    @cached_property
    def presentation_text(self) -> str:
        return strip_tags(self.presentation or "")

    def get_meta_description(self) -> str:
        """Without a search description: the short presentation."""
        return self.short_bio


# --- Applications ----------------------------------------------------------------------------


def application_document_path(instance, filename: str) -> str:
    """A random name: the applicant's file name never reaches the disk or a URL."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def new_consent_id() -> str:
    return f"application-{uuid.uuid4().hex}"


class PractitionerApplication(ProfessionalRegistration, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Déposée")
        IN_REVIEW = "in_review", _("En cours d’examen")
        APPROVED = "approved", _("Acceptée")
        REJECTED = "rejected", _("Refusée")

    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    language = models.CharField(
        _("langue du candidat"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name = models.CharField(_("nom"), max_length=80)
    gender = models.CharField(_("genre"), max_length=16, choices=Gender.choices)
    email = models.EmailField(_("adresse e-mail"))
    # Encrypted at rest (privacy.fields): the form keeps the 30-character limit.
    phone = EncryptedTextField(_("téléphone"), max_length=30, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, validators=[validate_french_postal_code])
    city = models.CharField(_("ville"), max_length=80)
    professional_title = models.CharField(_("titre professionnel"), max_length=120)
    methodologies = models.ManyToManyField(
        Methodology, verbose_name=_("approches thérapeutiques"), blank=True, related_name="applications"
    )
    # Encrypted at rest; its read in the admin is kept (services.read_motivation).
    motivation = EncryptedTextField(_("motivation"))
    diploma = models.FileField(
        _("diplôme"), upload_to=application_document_path, storage=private_storage, max_length=200
    )
    insurance = models.FileField(
        _("attestation d’assurance professionnelle"),
        upload_to=application_document_path,
        storage=private_storage,
        max_length=200,
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    # The applicant has no account yet: the legal ledger records their acceptances under this id.
    consent_id = models.CharField(
        _("identifiant d’acceptation"), max_length=64, unique=True, editable=False, default=new_consent_id
    )
    submitted_at = models.DateTimeField(_("déposée le"), default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(_("statut modifié le"), default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examinée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte du praticien"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner_applications",
    )
    profile_page = models.ForeignKey(
        PractitionerPage,
        verbose_name=_("profil créé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("candidature de praticien")
        verbose_name_plural = _("candidatures de praticiens")
        ordering = ["-submitted_at"]
        permissions = [
            ("review_application", _("Peut examiner les candidatures et télécharger leurs pièces")),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_status_display()})"

    @property
    @admin.display(description=_("nom"), ordering="last_name")
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def document(self, kind: str):
        if kind not in APPLICATION_DOCUMENT_KINDS:
            return None
        return getattr(self, kind)


APPLICATION_DOCUMENT_KINDS = ("diploma", "insurance")


class ApplicationStatusChange(models.Model):
    """The history of an application: who moved it, when, and why."""

    application = models.ForeignKey(
        PractitionerApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=PractitionerApplication.Status.choices)
    to_status = models.CharField(max_length=16, choices=PractitionerApplication.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"
