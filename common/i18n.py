"""The site's language for the current request or task: "fr" or "en", never anything else."""

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant


def content_language(language_code: str | None = None) -> str:
    """The content language for `language_code` (the active language by default), e.g. "en" for
    "en-GB"; the site's default language for anything it does not serve."""
    try:
        return get_supported_content_language_variant(
            language_code or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return default_language()


def default_language() -> str:
    """French: the source language of every text, and the one that is legally authoritative."""
    return settings.LANGUAGE_CODE.split("-")[0]
