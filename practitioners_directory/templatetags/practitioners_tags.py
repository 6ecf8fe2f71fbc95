import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Same escapes as Django's json_script: the JSON cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data) -> str:
    """schema.org data as <script type="application/ld+json">: a data block, never executed,
    so the Content-Security-Policy's script-src does not apply to it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url_with(context, page_number) -> str:
    """The current filters with another page number: pagination keeps the search shareable."""
    query = context.get("filter_querystring", "")
    return f"?{query}&page={page_number}" if query else f"?page={page_number}"


@register.filter
def euros(cents) -> str:
    """6000 → « 60 € », 6250 → « 62,50 € » (French formatting in both languages)."""
    if cents is None:
        return ""
    whole, rest = divmod(int(cents), 100)
    return f"{whole} €" if rest == 0 else f"{whole},{rest:02d} €"
