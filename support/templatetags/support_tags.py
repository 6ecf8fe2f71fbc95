from django import template
from django.conf import settings

from contact.models import ContactPage

register = template.Library()


@register.simple_tag(takes_context=True)
def support_contact_url(context) -> str:
    """The contact page in the page's language (the chat's fallback and its out-of-hours route)."""
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE

    # Read once per generation: the chat widget is a cached fragment (pagecache).
    page = ContactPage.objects.live().filter(locale__language_code=language).first()
    if page is None:
        page = ContactPage.objects.live().first()
    return page.get_url(request) if page is not None else ""


@register.simple_tag
def consent_cookie_name() -> str:
    return settings.COOKIE_CONSENT_NAME
