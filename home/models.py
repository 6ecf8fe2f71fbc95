"""The public site: home page, generic content pages and the legal entity shown in the footer."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ContentPageBodyBlock, HomePageBodyBlock
from .validators import validate_siren


class HomePage(Page):
    """The root of the site in one language (French is the site root, English its translation)."""

    body = StreamField(HomePageBodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    # One home per language, directly under Wagtail's root.
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    @property
    def starts_with_hero(self) -> bool:
        """When the body opens on a hero, its heading is the page's <h1>."""
        return bool(self.body) and self.body[0].block_type == "hero"

    def get_meta_description(self) -> str:
        """Without a search description: the hero's text."""
        if not self.starts_with_hero:
            return ""
        return self.body[0].value.get("text") or ""


class ContentPage(Page):
    """A generic editorial page: an introduction and a body of blocks."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Un ou deux paragraphes courts affichés sous le titre."),
    )
    body = StreamField(ContentPageBodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")

    def get_meta_description(self) -> str:
        """Without a search description: the introduction."""
        return self.intro


phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{6,25}$",
    _("Saisissez un numéro de téléphone (chiffres, espaces, points, tirets, « + » en tête)."),
)


@register_setting(icon="site")
class LegalEntitySettings(BaseSiteSetting):
    """Who runs the site: shown in the footer and reused by the legal pages."""

    company_name = models.CharField(_("raison sociale"), max_length=160)
    legal_form = models.CharField(
        _("forme juridique"),
        max_length=160,
        blank=True,
        help_text=_("Par exemple : société par actions simplifiée au capital de 10 000 €."),
    )
    registered_address = models.TextField(
        _("adresse du siège social"), help_text=_("Une ligne par ligne d'adresse.")
    )
    siren = models.CharField(_("numéro SIREN"), max_length=11, blank=True, validators=[validate_siren])
    phone = models.CharField(_("téléphone"), max_length=25, blank=True, validators=[phone_validator])
    contact_email = models.EmailField(_("e-mail de contact"))
    dpo_email = models.EmailField(
        _("e-mail du délégué à la protection des données"),
        help_text=_("Adresse à laquelle les personnes exercent leurs droits sur leurs données."),
    )
    supervisory_authority_name = models.CharField(
        _("autorité de contrôle"),
        max_length=200,
        default="Commission nationale de l'informatique et des libertés (CNIL)",
    )
    supervisory_authority_url = models.URLField(
        _("site de l'autorité de contrôle"), default="https://www.cnil.fr/"
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("company_name"),
                FieldPanel("legal_form"),
                FieldPanel("registered_address"),
                FieldPanel("siren"),
            ],
            heading=_("Société"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("dpo_email")],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [FieldPanel("supervisory_authority_name"), FieldPanel("supervisory_authority_url")],
            heading=_("Autorité de contrôle"),
        ),
    ]

    class Meta:
        verbose_name = _("entité légale")
        verbose_name_plural = _("entité légale")

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.registered_address.splitlines() if line.strip()]
