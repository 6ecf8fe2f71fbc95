"""Blocks of a legal text: headings (which feed the table of contents) and rich text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LegalBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Titre de section"),
        icon="title",
        max_length=200,
        help_text=_("Apparaît dans la table des matières."),
    )
    subheading = blocks.CharBlock(label=_("Sous-titre"), icon="title", max_length=200)
    paragraph = blocks.RichTextBlock(label=_("Texte"), features=RICH_TEXT_FEATURES)
