"""Writes: the objection switches, the restriction (asked by the person, lifted by the DPO), the
post-mortem directives, and the DPO's logged read of them.

Each switch goes through the owning app's own service, so its proof is written as usual: the
newsletter's subscription log, the notification preference, a cookie consent receipt.
"""

import logging
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consent import selectors as consent_selectors
from consent import services as consent_services
from consent.models import ConsentReceipt
from integrity import chain
from newsletter import selectors as newsletter_selectors
from newsletter import services as newsletter_services
from newsletter.models import SubscriptionEvent
from notifications import services as notification_services
from privacy.services import log_access

from .models import PostMortemDirective, RestrictionEvent

logger = logging.getLogger(__name__)

LIFT_PERMISSION = "privacy_rights.lift_restriction"
READ_DIRECTIVES_PERMISSION = "privacy_rights.view_postmortemdirective"
AUDIENCE_GROUP = "mesure_audience"

Ground = RestrictionEvent.Ground
PERSON_GROUNDS = (Ground.ACCURACY, Ground.UNLAWFUL, Ground.LEGAL_CLAIMS, Ground.OBJECTION, Ground.OTHER)
LIFT_GROUNDS = (Ground.VERIFIED, Ground.PERSON_ASKED, Ground.OTHER)


class RightsRefused(Exception):
    """What the person asked cannot be done now; `message` is for them."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- Objection -----------------------------------------------------------------------------------


def set_newsletter(*, user: User, wanted: bool) -> SubscriptionEvent | None:
    """Withdraw at once, or ask for a subscription (double opt-in: the confirmation e-mail)."""
    if not wanted:
        return newsletter_services.withdraw(user=user, source=SubscriptionEvent.Source.ACCOUNT)
    if user.is_restricted:
        raise RightsRefused(
            _("Votre compte est limité : aucune lettre ne peut vous être envoyée pour l’instant.")
        )
    if newsletter_selectors.is_subscribed(user):
        return None
    return newsletter_services.request_subscription(user=user, source=SubscriptionEvent.Source.ACCOUNT)


def set_reminders(*, user: User, wanted: bool):
    return notification_services.set_reminders(user, wanted)


def set_audience_measurement(*, request, wanted: bool) -> consent_services.DecisionResult:
    """The browser's choice for the audience group, the other groups left as they are: a cookie
    consent receipt, as the cookie settings page writes (source "settings"). The caller applies
    the result to its response (`consent.services.apply_to_response`)."""
    from consent import cookie

    if AUDIENCE_GROUP not in consent_selectors.optional_groups():
        raise consent_services.UnknownGroup(AUDIENCE_GROUP)
    accepted = set(consent_selectors.accepted_groups(cookie.read(request)))
    accepted = accepted | {AUDIENCE_GROUP} if wanted else accepted - {AUDIENCE_GROUP}
    return consent_services.record_decision(
        request=request, accepted=accepted, source=ConsentReceipt.Source.SETTINGS
    )


# --- Restriction (GDPR art. 18) ---------------------------------------------------------------------


def _append_event(*, user: User, kind: str, ground: str, actor: User, now) -> RestrictionEvent:
    return chain.append(RestrictionEvent(user=user, kind=kind, ground=ground, actor=actor, created_at=now))


def restrict_account(*, user: User, ground: str, reason: str = "", now=None) -> User:
    """The person limits the use of their account, at once. Raises RightsRefused if it already is."""
    from . import tasks

    if ground not in PERSON_GROUNDS:
        raise ValueError(f"Unknown ground: {ground!r}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_restricted:
            raise RightsRefused(_("L’utilisation de votre compte est déjà limitée."))
        locked.restricted_at = now
        locked.restriction_reason = reason.strip()
        locked.save(update_fields=["restricted_at", "restriction_reason"])
        _append_event(
            user=locked, kind=RestrictionEvent.Kind.RESTRICTED, ground=ground, actor=locked, now=now
        )
        # The acknowledgement of a rights request is a legal message: it goes despite the restriction.
        transaction.on_commit(partial(tasks.send_restriction_notice.enqueue, user_id=locked.pk, lifted=False))
    user.restricted_at, user.restriction_reason = locked.restricted_at, locked.restriction_reason
    logger.info("privacy_rights: account %s restricted (%s)", user.pk, ground)
    return user


def lift_restriction(*, user: User, by: User, ground: str, now=None) -> User:
    """Only the DPO (permission "lift_restriction") lifts it; the person cannot."""
    from . import tasks

    if not by.has_perm(LIFT_PERMISSION):
        raise PermissionDenied
    if ground not in LIFT_GROUNDS:
        raise ValueError(f"Unknown ground: {ground!r}")
    now = now or timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_restricted:
            raise RightsRefused(_("Ce compte n’est pas limité."))
        locked.restricted_at = None
        locked.restriction_reason = ""
        locked.save(update_fields=["restricted_at", "restriction_reason"])
        _append_event(user=locked, kind=RestrictionEvent.Kind.LIFTED, ground=ground, actor=by, now=now)
        transaction.on_commit(partial(tasks.send_restriction_notice.enqueue, user_id=locked.pk, lifted=True))
    user.restricted_at, user.restriction_reason = None, ""
    logger.info("privacy_rights: restriction of account %s lifted by %s (%s)", user.pk, by.pk, ground)
    return user


# --- Post-mortem directives (art. 85 LIL) -------------------------------------------------------------

DIRECTIVE_FIELDS = (
    "scope",
    "specific_data",
    "instruction",
    "instruction_details",
    "contact_name",
    "contact_email",
    "contact_relation",
)


def save_directives(*, user: User, data: dict, consent: bool, now=None) -> PostMortemDirective:
    """Create or replace the person's directives. The specific consent is required each time
    (its date is the last save's): without it nothing is written."""
    if not consent:
        raise RightsRefused(_("Cochez la case de consentement pour enregistrer vos directives."))
    now = now or timezone.now()
    values = {name: (data.get(name) or "").strip() for name in DIRECTIVE_FIELDS}
    if values["scope"] != PostMortemDirective.Scope.SPECIFIC:
        values["specific_data"] = ""
    directive, created = PostMortemDirective.objects.update_or_create(
        user=user, defaults={**values, "consent_given_at": now, "updated_at": now}
    )
    logger.info("privacy_rights: directives of %s %s", user.pk, "recorded" if created else "updated")
    return directive


def revoke_directives(*, user: User) -> bool:
    """Revoking withdraws the consent: the directives are deleted, not kept aside."""
    deleted, _rows = PostMortemDirective.objects.filter(user=user).delete()
    return bool(deleted)


def read_directives(*, directive: PostMortemDirective, reader: User, why: str, request=None):
    """The DPO's read in the admin: permission checked, reason required, logged before it shows."""
    if not reader.has_perm(READ_DIRECTIVES_PERMISSION):
        raise PermissionDenied
    log_access(
        actor=reader,
        subject=directive.user,
        what="postmortemdirective",
        obj_ref=f"privacy_rights.postmortemdirective:{directive.pk}",
        why=why,
        request=request,
    )
    return directive
