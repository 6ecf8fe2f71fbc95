"""The sections of the "Mes données" hub: (url name, title, description).

Each part of the privacy centre adds its line here when it is wired in config/urls.py; a url name
that does not resolve (a part not installed) is left out, so the hub never shows a dead link.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    (
        "privacy:access",
        _("Voir mes données"),
        _("Tout ce que la plateforme détient sur vous, classé par finalité, et qui a consulté vos données."),
    ),
    (
        "privacy:portability",
        _("Télécharger mes données"),
        _("Une archive ZIP de vos données (JSON lisible par une machine) et de vos fichiers."),
    ),
    # The lead adds the other parts of the centre here (rectification, objection and
    # restriction, post-mortem directives, erasure, my requests), with their url names.
]


def hub_sections() -> list[dict]:
    sections = []
    for name, title, description in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        sections.append({"url": url, "title": title, "description": description, "name": name})
    return sections
