"""Reads for the person's rights pages, the permission rule next to each query."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from consent import cookie
from consent import selectors as consent_selectors
from newsletter import selectors as newsletter_selectors
from newsletter.models import SubscriptionEvent
from notifications.models import NotificationPreference
from privacy.selectors import access_log_for

from .models import PostMortemDirective, RestrictionEvent
from .services import AUDIENCE_GROUP

# What was read, as the person reads it (the access log stores short stable codes).
WHAT_LABELS = {
    "appointment.reason": _("Le motif de consultation d’un rendez-vous"),
    "contactmessage.message": _("Un message envoyé par le formulaire de contact"),
    "application.motivation": _("La motivation de votre candidature de praticien"),
    "application.document": _("Une pièce de votre candidature de praticien"),
    "postmortemdirective": _("Vos directives post-mortem"),
}


@dataclass(frozen=True)
class AccessRow:
    at: object
    role: str
    what: str
    why: str


def reader_role(actor) -> str:
    """The reader's role, not their name: the person learns who (which function) read their data
    and why; the staff member's own identity is their personal data, and the right of access does
    not require it (CJEU, C-579/21, 22 June 2023). The DPO has the full entry in the admin."""
    if actor.is_superuser:  # has every permission: not the DPO for all that
        return str(_("Administrateur·rice de la plateforme"))
    if actor.has_perm("privacy.view_accesslogentry"):
        return str(_("Délégué·e à la protection des données"))
    if actor.is_staff:
        return str(_("Membre de l’équipe Psyconsult"))
    if getattr(actor, "is_practitioner", False):
        return str(_("Praticien·ne"))
    return str(_("Autre compte de la plateforme"))


def access_rows(user) -> list[AccessRow]:
    """Who read `user`'s health data and files: only ever `user`'s own log (the view passes
    request.user, never an id from the URL)."""
    roles: dict[int, str] = {}
    rows = []
    for entry in access_log_for(user):
        if entry.actor_id not in roles:
            roles[entry.actor_id] = reader_role(entry.actor)
        rows.append(
            AccessRow(
                at=entry.accessed_at,
                role=roles[entry.actor_id],
                what=str(WHAT_LABELS.get(entry.what, entry.what)),
                why=entry.why,
            )
        )
    return rows


@dataclass(frozen=True)
class Switches:
    newsletter: str | None  # None, "subscribed" (pending), "confirmed", "withdrawn"
    reminders: bool
    audience: bool | None  # None: no choice made in this browser (or it expired)
    audience_available: bool


def switches(request) -> Switches:
    user = request.user
    choices = consent_selectors.current_choices(cookie.read(request))
    return Switches(
        newsletter=newsletter_selectors.state_of(user),
        # The person's own preference, whatever a restriction adds on top.
        reminders=not NotificationPreference.objects.filter(user=user, reminders=False).exists(),
        audience=choices.get(AUDIENCE_GROUP),
        audience_available=AUDIENCE_GROUP in consent_selectors.optional_groups(),
    )


def newsletter_on(state: str | None) -> bool:
    return state in (SubscriptionEvent.Kind.SUBSCRIBED, SubscriptionEvent.Kind.CONFIRMED)


def restriction_history(user):
    return RestrictionEvent.objects.filter(user=user).order_by("-id")


def directive_of(user) -> PostMortemDirective | None:
    return PostMortemDirective.objects.filter(user=user).first()
