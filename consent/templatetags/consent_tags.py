"""The banner: the same markup for every visitor (no token, no per-visitor data), so pages stay
cacheable and it is rendered once per generation; banner.js or, without JavaScript,
/cookies/etat.css decides whether it shows."""

import json

from django import template
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from legal import selectors as legal_selectors
from pagecache.fragments import cached

from .. import selectors

register = template.Library()


# The banner's form sends people back where they were: the markup is rendered once with this in
# place of the path (pagecache.fragments), and the escaped path of each request put in.
NEXT_PLACEHOLDER = "cc-next-path-placeholder"


@register.simple_tag(takes_context=True)
def consent_banner(context):
    request = context.get("request")
    if request is None:
        return _render_banner(next_path="/")
    try:
        state = legal_selectors.legal_state()
    except DatabaseError:  # database not migrated yet (first run): render the page without a banner
        return ""
    html = cached(
        request,
        "html:consent_banner",
        lambda: _render_banner(next_path=NEXT_PLACEHOLDER),
        translation.get_language(),
        state["gen"],  # a cookie policy version taking effect changes the banner's link
    )
    # Safe: the banner's own rendered markup, and the path escaped by escape().
    return mark_safe(html.replace(NEXT_PLACEHOLDER, escape(request.get_full_path())))  # noqa: S308


def _render_banner(*, next_path: str) -> str:
    try:
        groups = selectors.groups_for_display()
        config = selectors.banner_config()
    except DatabaseError:
        return ""
    context = {
        "show": bool(config["groups"]),
        "groups": groups,
        "config": json.dumps(config, separators=(",", ":")),
        "policy": selectors.cookie_policy(),
        "next": next_path,
    }
    return render_to_string("consent/banner.html", context)


@register.simple_tag
def group_texts(group) -> dict:
    """Name, description and cookies of a library group in the active language."""
    for item in selectors.groups_for_display():
        if item["varname"] == group.varname:
            return item
    return {"name": group.name, "description": group.description, "cookies": []}
