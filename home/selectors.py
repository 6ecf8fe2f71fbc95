"""Reads for the public site's chrome (navigation, language switcher)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Subquery
from django.db.models.functions import Length, Substr
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from common.i18n import content_language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # The same page in that language (False: that language's home page, for want of one).
    is_translation: bool = True


def menu_pages(*, site: Site | None, language_code: str) -> list[Page]:
    """Live pages marked "show in menus" directly under the site's home page in that language.

    One query: the home page of the language is the translation of the site root, found in a
    subquery, and its children are matched on their parent's materialised path.
    """
    if site is None:
        return []
    root_translation_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")[:1]
    home_paths = Page.objects.filter(
        translation_key=Subquery(root_translation_key),
        locale__language_code=content_language(language_code),
    ).values("path")
    return list(
        Page.objects.live()
        .filter(show_in_menus=True)
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .filter(parent_path__in=home_paths)
        .order_by("path")
    )


def language_home_url(language_code: str) -> str:
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def translation_urls(*, request, page: Page) -> dict[str, str]:
    """{language code: URL} of the page's live translations (one query)."""
    if not page.translation_key:
        return {}
    translations = (
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
    )
    urls = {}
    for translated in translations:
        url = translated.get_url(request=request)
        if url:
            urls[translated.locale.language_code] = url
    return urls


def language_links(
    *, request, page: Page | None, page_translations: dict[str, str] | None = None
) -> list[LanguageLink]:
    """Where each site language leads from here: the translated page when there is one.

    On a Wagtail page: its live translations (`page_translations`, else one query), else that
    language's home page. Elsewhere: the same Django URL under the other language prefix, else
    that language's home.
    """
    current = content_language()
    targets: dict[str, str] = {}
    if page is not None:
        if page_translations is None:
            page_translations = translation_urls(request=request, page=page)
        targets = dict(page_translations)
    elif request is not None:
        here = request.get_full_path()
        for code, _name in settings.LANGUAGES:
            if code != current:
                translated_url = translate_url(here, code)
                if translated_url != here:
                    targets[code] = translated_url

    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            url = request.get_full_path() if request is not None else language_home_url(code)
        else:
            url = targets.get(code) or language_home_url(code)
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                is_current=code == current,
                is_translation=code == current or code in targets,
            )
        )
    return links


@dataclass(frozen=True)
class SeoLinks:
    canonical: str
    alternates: list[tuple[str, str]]  # (hreflang, absolute URL), "x-default" last


def seo_links(*, request, page: Page | None, language_links: list[LanguageLink]) -> SeoLinks:
    """Absolute canonical and alternate URLs, built from the request's host (as the visitor or
    crawler reached the site). Query strings are left out: the directory's filters and pages
    share the directory's canonical URL. Alternates only list real translations, and
    x-default is the default language's page."""

    def absolute(url: str) -> str:
        return request.build_absolute_uri(url.split("?", 1)[0].split("#", 1)[0])

    here = (page.get_url(request=request) if page is not None else None) or request.path
    translations = [link for link in language_links if link.is_translation]
    alternates = []
    if len(translations) > 1:
        alternates = [(link.code, absolute(here if link.is_current else link.url)) for link in translations]
        default = dict(alternates).get(settings.LANGUAGE_CODE)
        if default:
            alternates.append(("x-default", default))
    return SeoLinks(canonical=absolute(here), alternates=alternates)
