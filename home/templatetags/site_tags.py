"""Template tags for the site chrome: navigation and language switcher, computed once per request."""

import html
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page, Site

from common.i18n import content_language
from home import selectors
from home.models import LegalEntitySettings
from pagecache.fragments import cached

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    is_current: bool
    is_section: bool


def _current_page(context) -> Page | None:
    page = context.get("page")
    # Other views may put something else (a paginator page...) under the name "page".
    return page if isinstance(page, Page) else None


@register.simple_tag
def platform_name() -> str:
    return settings.PLATFORM_NAME


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[MenuItem]:
    """Menu entries of the current language (the header and the footer read the same cached entries)."""
    request = context.get("request")
    if request is None:
        return []
    language = content_language()
    site = Site.find_for_request(request)

    def build():
        pages = selectors.menu_pages(site=site, language_code=language)
        return tuple((p.title, p.get_url(request=request), p.path) for p in pages)

    # Shared by every process until a page, setting or snippet changes (pagecache).
    entries = cached(request, "menu", build, getattr(site, "pk", None), language)
    current = _current_page(context)
    return [
        MenuItem(
            title=title,
            url=url,
            is_current=current is not None and current.path == path,
            is_section=current is not None and current.path.startswith(path),
        )
        for title, url, path in entries
        if url
    ]


@register.simple_tag(takes_context=True)
def legal_entity(context) -> LegalEntitySettings | None:
    """The footer's publisher details for the request's site (the footer is rendered once per
    generation, pagecache)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return LegalEntitySettings.for_site(site) if site is not None else None


@register.simple_tag(takes_context=True)
def language_links(context) -> list[selectors.LanguageLink]:
    request = context.get("request")
    page = _current_page(context)
    if request is None:
        return selectors.language_links(request=None, page=page)
    cache_attr = "_home_language_links"
    if not hasattr(request, cache_attr):
        translations = None
        if page is not None and not getattr(request, "is_preview", False):
            # Shared by every process until a page changes (pagecache).
            site = Site.find_for_request(request)
            translations = cached(
                request,
                "page_translations",
                lambda: selectors.translation_urls(request=request, page=page),
                page.pk,
                getattr(site, "pk", None),
            )
        setattr(
            request,
            cache_attr,
            selectors.language_links(request=request, page=page, page_translations=translations),
        )
    return getattr(request, cache_attr)


@register.simple_tag(takes_context=True)
def seo_links(context) -> selectors.SeoLinks | None:
    request = context.get("request")
    if request is None:
        return None
    return selectors.seo_links(
        request=request, page=_current_page(context), language_links=language_links(context)
    )


DESCRIPTION_LENGTH = 160


def as_description(text: str) -> str:
    """Plain text on one line (from text or HTML: tags dropped, entities decoded, to be escaped
    once by the template), cut between words within the length search engines show."""
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """A Wagtail page's search description, else what the page type offers from its content
    (`get_meta_description()`), else the platform's own description. Views that are not Wagtail
    pages override the template block instead."""
    page = _current_page(context)
    text = ""
    if page is not None:
        fallback = getattr(page, "get_meta_description", None)
        text = page.search_description or (fallback() if fallback else "")
    return as_description(text) or site_description()


@register.simple_tag
def site_description() -> str:
    return gettext("Consultations vidéo avec des psychologues diplômés, pour les adultes, partout en France.")


@register.filter
def description(text) -> str:
    """`{{ anything|description }}`: the same cleaning and length as the tag."""
    return as_description(str(text))


# Whether the signed-in person may open the Wagtail admin, remembered in their session: asking
# Django costs two permission queries on every page, for the few people who edit.
REACHES_ADMIN_SESSION_KEY = "home_reaches_admin"


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    """Wagtail's userbar ("Modifier cette page") for people who may reach the admin, without its
    permission queries on every page for everyone else. Someone given access during their
    session sees it from their next sign-in; access taken away hides it at once (the userbar
    checks again)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    session = getattr(request, "session", None)
    reaches_admin = session.get(REACHES_ADMIN_SESSION_KEY) if session is not None else None
    if reaches_admin is None:
        reaches_admin = user.has_perm("wagtailadmin.access_admin")
        if session is not None:
            session[REACHES_ADMIN_SESSION_KEY] = reaches_admin
    if not reaches_admin:
        return ""
    return wagtailuserbar(context, position)
