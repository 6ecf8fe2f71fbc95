"""The access page: the registry's export, as a person reads it.

One generic renderer for every section, following the export conventions (privacy.values): a
code with its `_label` shows the label, `_cents` shows euros, dates and times are written in the
person's time zone and the page's language, nothing is "—", booleans are oui/non. Keys are named
by KEY_LABELS (one place, translated); a key it does not know is shown as it is (a new app's
handler still appears, a little less nicely, until its keys are named here).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import registry

NOTHING = "—"

KEY_LABELS = {
    "id": gettext_lazy("Numéro"),
    "reference": gettext_lazy("Référence"),
    "email": gettext_lazy("Adresse e-mail"),
    "first_name": gettext_lazy("Prénom"),
    "last_name": gettext_lazy("Nom"),
    "name": gettext_lazy("Nom"),
    "gender": gettext_lazy("Genre"),
    "postal_code": gettext_lazy("Code postal"),
    "city": gettext_lazy("Ville"),
    "phone": gettext_lazy("Téléphone"),
    "role": gettext_lazy("Rôle"),
    "preferred_language": gettext_lazy("Langue préférée"),
    "time_zone": gettext_lazy("Fuseau horaire"),
    "date_joined": gettext_lazy("Inscription"),
    "last_login": gettext_lazy("Dernière connexion"),
    "is_active": gettext_lazy("Compte actif"),
    "photo_file": gettext_lazy("Photo (dans l’archive)"),
    "email_addresses": gettext_lazy("Adresses e-mail"),
    "verified": gettext_lazy("Vérifiée"),
    "primary": gettext_lazy("Principale"),
    "practitioner": gettext_lazy("Praticien"),
    "start": gettext_lazy("Début"),
    "end": gettext_lazy("Fin"),
    "status": gettext_lazy("Statut"),
    "visit": gettext_lazy("Type de consultation"),
    "methodology": gettext_lazy("Approche souhaitée"),
    "reason": gettext_lazy("Motif de consultation"),
    "price_cents": gettext_lazy("Tarif"),
    "terms_version": gettext_lazy("Version des conditions acceptées"),
    "created_at": gettext_lazy("Créé le"),
    "history": gettext_lazy("Historique"),
    "at": gettext_lazy("Date"),
    "from_status": gettext_lazy("Ancien statut"),
    "to_status": gettext_lazy("Nouveau statut"),
    "by_you": gettext_lazy("Par vous"),
    "receipt_number": gettext_lazy("Numéro de reçu"),
    "appointment": gettext_lazy("Rendez-vous"),
    "currency": gettext_lazy("Devise"),
    "amount_cents": gettext_lazy("Montant"),
    "refunded_cents": gettext_lazy("Remboursé"),
    "paid_at": gettext_lazy("Payé le"),
    "refunds": gettext_lazy("Remboursements"),
    "document": gettext_lazy("Document"),
    "version_number": gettext_lazy("Version"),
    "version_title": gettext_lazy("Titre de la version"),
    "context": gettext_lazy("Contexte"),
    "accepted_at": gettext_lazy("Accepté le"),
    "language": gettext_lazy("Langue"),
    "text_sha256": gettext_lazy("Empreinte SHA-256 du texte affiché"),
    "consent_id": gettext_lazy("Identifiant de consentement"),
    "user_agent": gettext_lazy("Navigateur (user agent)"),
    "ip_network": gettext_lazy("Réseau IP (tronqué)"),
    "chain_hash": gettext_lazy("Empreinte dans le registre chaîné"),
    "decision": gettext_lazy("Décision"),
    "source": gettext_lazy("Origine"),
    "choices": gettext_lazy("Choix par groupe"),
    "group": gettext_lazy("Groupe"),
    "accepted": gettext_lazy("Accepté"),
    "version": gettext_lazy("Version"),
    "policy_version_number": gettext_lazy("Version de la politique de cookies"),
    "policy_acceptance": gettext_lazy("Acceptation de la politique de cookies"),
    "signed_in": gettext_lazy("Connecté à votre compte"),
    "state": gettext_lazy("État"),
    "events": gettext_lazy("Événements"),
    "kind": gettext_lazy("Type"),
    "deliveries": gettext_lazy("Lettres reçues"),
    "issue": gettext_lazy("Lettre"),
    "sent_at": gettext_lazy("Envoyé le"),
    "acceptance": gettext_lazy("Acceptation"),
    "subject": gettext_lazy("Sujet"),
    "message": gettext_lazy("Message"),
    "reminders": gettext_lazy("Rappels de rendez-vous"),
    "daily_summary": gettext_lazy("Résumé quotidien"),
    "sent": gettext_lazy("E-mails envoyés"),
    "appointment_start": gettext_lazy("Début du rendez-vous"),
    "recipient": gettext_lazy("Destinataire"),
    "daily_summaries": gettext_lazy("Résumés quotidiens"),
    "day": gettext_lazy("Jour"),
    "appointments": gettext_lazy("Rendez-vous"),
    "submitted_at": gettext_lazy("Déposée le"),
    "status_changed_at": gettext_lazy("Statut modifié le"),
    "professional_title": gettext_lazy("Titre professionnel"),
    "rpps": gettext_lazy("Numéro RPPS"),
    "adeli": gettext_lazy("Numéro ADELI"),
    "methodologies": gettext_lazy("Approches thérapeutiques"),
    "motivation": gettext_lazy("Motivation"),
    "rejection_reason": gettext_lazy("Motif du refus"),
    "documents": gettext_lazy("Pièces justificatives"),
    "document_file": gettext_lazy("Fichier (dans l’archive)"),
    "acceptances": gettext_lazy("Acceptations"),
    "display_name": gettext_lazy("Nom affiché"),
    "consultation_minutes": gettext_lazy("Durée de consultation (minutes)"),
    "pages": gettext_lazy("Pages du profil"),
    "title": gettext_lazy("Titre"),
    "short_bio": gettext_lazy("Présentation courte"),
    "live": gettext_lazy("Publiée"),
    "url": gettext_lazy("Adresse"),
    "accessed_at": gettext_lazy("Consulté le"),
    "reader": gettext_lazy("Par"),
    "what": gettext_lazy("Donnée consultée"),
    "object": gettext_lazy("Objet"),
    "why": gettext_lazy("Motif"),
    "requested_at": gettext_lazy("Demandé le"),
    "expires_at": gettext_lazy("Téléchargeable jusqu’au"),
    "joined_at": gettext_lazy("Entré le"),
    "last_seen": gettext_lazy("Vu le"),
    "log_entries": gettext_lazy("Actions"),
    "action": gettext_lazy("Action"),
    "label": gettext_lazy("Objet"),
    "timestamp": gettext_lazy("Date"),
    "comments": gettext_lazy("Commentaires"),
    "text": gettext_lazy("Texte"),
}


@dataclass
class Node:
    """One thing on the page: a value (`text`), a group of nodes, or a list of groups."""

    label: str
    text: str = ""
    children: list["Node"] = field(default_factory=list)
    entries: list[list["Node"]] = field(default_factory=list)
    is_list: bool = False


@dataclass
class Section:
    key: str
    label: str
    nodes: list[Node]
    entries: list[list[Node]]
    empty: bool


def zone_of(user) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(user, "time_zone", "") or "Europe/Paris")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Europe/Paris")


def label_for(key: str) -> str:
    return str(KEY_LABELS.get(key, key.replace("_", " ").capitalize()))


def euros(cents) -> str:
    amount = formats.number_format(Decimal(cents) / 100, decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("%(amount)s €") % {"amount": amount}


def text_of(value, *, key: str = "", zone: ZoneInfo) -> str:
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime):
        moment = timezone.localtime(value, zone) if timezone.is_aware(value) else value
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if key.endswith("_cents") and isinstance(value, int):
        return euros(value)
    if isinstance(value, list):
        return ", ".join(text_of(item, zone=zone) for item in value) or NOTHING
    return str(value)


def nodes_of(data: dict, *, zone: ZoneInfo) -> list[Node]:
    nodes = []
    for key, value in data.items():
        if key.endswith("_label") and key.removesuffix("_label") in data:
            continue  # shown in place of its code
        if f"{key}_label" in data:
            value = data[f"{key}_label"] or value
        nodes.append(node_of(key, value, zone=zone))
    return nodes


def node_of(key: str, value, *, zone: ZoneInfo) -> Node:
    label = label_for(key)
    if isinstance(value, dict):
        return Node(label=label, children=nodes_of(value, zone=zone))
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return Node(label=label, entries=[nodes_of(item, zone=zone) for item in value], is_list=True)
    return Node(label=label, text=text_of(value, key=key, zone=zone))


def access_sections(user) -> list[Section]:
    """Every registered section for `user`, in the language of the page being rendered."""
    zone = zone_of(user)
    sections = []
    for handler in registry.handlers():
        data = handler.export(user)
        if isinstance(data, list):
            entries = [nodes_of(item, zone=zone) if isinstance(item, dict) else [] for item in data]
            section = Section(handler.key, str(handler.label), [], entries, empty=not data)
        elif isinstance(data, dict):
            section = Section(
                handler.key, str(handler.label), nodes_of(data, zone=zone), [], empty=not _any(data)
            )
        else:
            section = Section(handler.key, str(handler.label), [], [], empty=True)
        sections.append(section)
    # Read as a person would: their account first, then what holds data, the empty sections last
    # (the registry's own order is erasure's, where the account comes last).
    return sorted(sections, key=lambda section: (section.key != "account", section.empty))


def _any(data) -> bool:
    if isinstance(data, dict):
        return any(_any(value) for value in data.values())
    return data not in (None, "", [], False)
