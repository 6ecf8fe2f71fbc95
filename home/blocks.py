"""StreamField blocks of the public site: hero, rich text, headings, call to action, features, FAQ."""

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

# Rich text stays semantic: the page template owns <h1>, editors start at <h2>.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def site_route_choices() -> list[tuple[str, str]]:
    """Pages of the site that are views rather than Wagtail pages, by URL name (a callable: the
    list can grow without a migration)."""
    return [
        ("practitioners_directory:apply", _("Candidature des psychologues")),
        ("account_signup", _("Création de compte")),
        ("legal:index", _("Informations légales")),
        ("consent:settings", _("Gestion des cookies")),
    ]


class LinkValue(blocks.StructValue):
    @property
    def route_url(self) -> str:
        """The chosen application page in the language being rendered ("" if it is gone)."""
        route = self.get("route")
        if not route:
            return ""
        try:
            return reverse(route)
        except NoReverseMatch:
            return ""


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of the site, a page of the application (sign-up, practitioner
    application...) or an external address: exactly one of the three."""

    label = blocks.CharBlock(label=_("Libellé du lien"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    route = blocks.ChoiceBlock(
        label=_("Ou page de l’application"), choices=site_route_choices, required=False
    )
    url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Lien")
        value_class = LinkValue

    @staticmethod
    def target_count(value) -> int:
        return sum(bool(value.get(name)) for name in ("page", "route", "url"))

    def clean(self, value):
        value = super().clean(value)
        if self.target_count(value) != 1:
            message = _(
                "Choisissez une seule destination : une page du site, une page de l’application "
                "ou une adresse externe."
            )
            raise StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value


class OptionalLinkBlock(LinkBlock):
    """The same link, which may be left entirely empty (a hero without a button)."""

    label = blocks.CharBlock(label=_("Libellé du lien"), max_length=80, required=False)

    class Meta:
        icon = "link"
        label = _("Lien (facultatif)")

    def clean(self, value):
        value = blocks.StructBlock.clean(self, value)
        has_label = bool(value.get("label"))
        if not has_label and not self.target_count(value):
            return value
        if not has_label:
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("Indiquez le libellé du lien."))}
            )
        return LinkBlock.clean(self, value)


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte d'accroche"), required=False)
    image = ImageBlock(required=False, label=_("Image (facultative)"))
    link = OptionalLinkBlock(label=_("Bouton d'action"))

    class Meta:
        icon = "title"
        label = _("Bandeau d'accueil")
        template = "home/blocks/hero_block.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "home/blocks/heading_block.html"


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Texte")
        template = "home/blocks/rich_text_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titre"), max_length=120)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    link = LinkBlock(label=_("Bouton"))

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "home/blocks/cta_block.html"


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), max_length=100)
    text = blocks.TextBlock(label=_("Texte"))

    class Meta:
        icon = "list-ul"
        label = _("Point fort")


class FeatureListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titre de la liste"), max_length=120, required=False)
    items = blocks.ListBlock(FeatureBlock(), label=_("Points forts"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Liste de points forts")
        template = "home/blocks/feature_list_block.html"


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Réponse"), features=ANSWER_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question")


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titre"), max_length=120, default=_("Questions fréquentes"))
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions fréquentes")
        template = "home/blocks/faq_block.html"


class HomePageBodyBlock(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = RichTextBlock()
    cta = CallToActionBlock()
    features = FeatureListBlock()
    faq = FaqBlock()


class ContentPageBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = RichTextBlock()
    cta = CallToActionBlock()
    features = FeatureListBlock()
    faq = FaqBlock()
