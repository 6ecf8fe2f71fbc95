"""Footer links and announcement banners, read from the cached legal state (no query)."""

from django import template

from common.i18n import content_language
from pagecache import expiry

from .. import selectors
from ..models import LegalDocument

register = template.Library()


@register.filter
def untranslated(version) -> bool:
    """True when the version is shown in French on a page of another language (no translation
    yet): the page then says that the French text is the one that applies."""
    return version.locale.language_code != content_language()


@register.simple_tag
def legal_footer_documents() -> list[dict]:
    """Published documents for the footer: [{slug, label}], in the editors' order."""
    try:
        state = selectors.legal_state()
    except Exception:  # database not migrated yet (first run): the footer still renders
        return []
    return [
        {"slug": d["slug"], "label": LegalDocument.Kind(d["kind"]).label}
        for d in state["documents"]
        if d["current"] or d["announced"]
    ]


@register.simple_tag(takes_context=True)
def legal_generation(context) -> str:
    """Changes when a version is published or takes effect: part of the key of cached markup
    that lists or links the versions in force (the footer). The page is not stored beyond the
    next version's date (pagecache.expiry)."""
    try:
        state = selectors.legal_state()
    except Exception:  # database not migrated yet (first run)
        return ""
    expiry.expires_by(context.get("request"), state["valid_until"])
    return state["gen"]


@register.simple_tag(takes_context=True)
def legal_announcements(context) -> list[dict]:
    """Announced changes the signed-in person has yet to accept (set by the gate middleware)."""
    request = context.get("request")
    return [
        {
            "document_id": doc["id"],
            "slug": doc["slug"],
            "label": LegalDocument.Kind(doc["kind"]).label,
            "number": info["number"],
            "effective_at": info["effective_at"],
        }
        for doc, info in getattr(request, "legal_announcements", [])
    ]


@register.filter
def first_paragraph(text: str) -> str:
    """The first paragraph of a canonical text (legal.rendering): not the title on its first line,
    nor a heading or a list item. For the page's meta description."""
    for line in str(text).splitlines()[1:]:
        if line.strip() and not line.startswith(("## ", "### ", "- ")):
            return line.strip()
    return ""
