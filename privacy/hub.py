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
    (
        "accounts:profile",
        _("Corriger mes informations"),
        _("Votre nom, votre code postal, votre langue… et ce qui ne peut pas se modifier, avec la raison."),
    ),
    (
        "privacy_rights:index",
        _("M’opposer à un traitement ou le limiter"),
        _("Lettre d’information, rappels, mesure d’audience ; limiter l’utilisation de votre compte."),
    ),
    (
        "privacy_rights:directives",
        _("Mes directives pour après mon décès"),
        _("Ce que nous devons faire de vos données, et la personne de confiance à prévenir."),
    ),
    (
        "privacy_rights:access_log",
        _("Qui a consulté mes données"),
        _("Chaque lecture de vos données de santé et de vos fichiers par l’équipe, avec sa raison."),
    ),
    (
        "proofs:list",
        _("Mes preuves de consentement"),
        _("Ce que vous avez accepté (textes, versions, empreintes), à télécharger et vérifier."),
    ),
    (
        "privacy_requests:list",
        _("Mes demandes"),
        _("Vos demandes au délégué à la protection des données, et leur échéance."),
    ),
    (
        "privacy_requests:erase",
        _("Supprimer mon compte"),
        _("Ce qui est effacé, ce qui doit être conservé et pourquoi, puis la suppression."),
    ),
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
