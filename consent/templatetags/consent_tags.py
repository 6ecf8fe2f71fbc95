"""The banner: the same markup for every visitor (no token, no per-visitor data), so pages stay
cacheable; banner.js or, without JavaScript, /cookies/etat.css decides whether it shows."""

import json

from django import template
from django.db import DatabaseError

from .. import selectors

register = template.Library()


@register.inclusion_tag("consent/banner.html", takes_context=True)
def consent_banner(context):
    request = context.get("request")
    try:
        groups = selectors.groups_for_display()
        config = selectors.banner_config()
    except DatabaseError:  # database not migrated yet (first run): render the page without a banner
        return {"show": False}
    return {
        "show": bool(config["groups"]),
        "groups": groups,
        "config": json.dumps(config, separators=(",", ":")),
        "policy": selectors.cookie_policy(),
        "next": request.get_full_path() if request is not None else "/",
    }


@register.simple_tag
def group_texts(group) -> dict:
    """Name, description and cookies of a library group in the active language."""
    for item in selectors.groups_for_display():
        if item["varname"] == group.varname:
            return item
    return {"name": group.name, "description": group.description, "cookies": []}
