"""What privacy_rights holds about a person (privacy.registry): the post-mortem directives and the
restriction of processing with its history."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import ErasureContext, Handler, Kept, register

from .models import PostMortemDirective, RestrictionEvent


def _iso(moment):
    return moment.isoformat() if moment else None


def export_directives(user) -> list[dict]:
    return [
        {
            "scope": d.scope,
            "specific_data": d.specific_data,
            "instruction": d.instruction,
            "instruction_details": d.instruction_details,
            "trusted_contact": {
                "name": d.contact_name,
                "email": d.contact_email,
                "relation": d.contact_relation,
            },
            "consent_given_at": _iso(d.consent_given_at),
            "created_at": _iso(d.created_at),
            "updated_at": _iso(d.updated_at),
        }
        for d in PostMortemDirective.objects.filter(user=user)
    ]


def erase_directives(user, context: ErasureContext) -> None:
    deleted, _rows = PostMortemDirective.objects.filter(user=user).delete()
    if deleted:
        context.erased.append(str(_("Vos directives post-mortem et votre personne de confiance")))


def export_restriction(user) -> dict:
    return {
        "restricted_since": _iso(user.restricted_at),
        "reason": user.restriction_reason,
        "history": [
            {
                "kind": e.kind,
                "ground": e.ground,
                "at": _iso(e.created_at),
                "by_the_person": e.actor_id == user.pk,
            }
            for e in RestrictionEvent.objects.filter(user=user).order_by("id")
        ],
    }


def erase_restriction(user, context: ErasureContext) -> None:
    # The person's own words go; the dated events stay (append-only, no text, pointing to the
    # tombstone the account becomes).
    if user.restriction_reason:
        type(user).objects.filter(pk=user.pk).update(restriction_reason="")
        user.restriction_reason = ""
        context.erased.append(str(_("Le motif de votre demande de limitation")))


def kept_restriction(user) -> list[Kept]:
    if not RestrictionEvent.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            label=str(_("Les dates de vos demandes de limitation et de leur levée (sans texte)")),
            basis=str(_("Preuve du traitement de vos demandes d’exercice de droits (RGPD, art. 5.2 et 12)")),
            until=str(_("Tant que le compte anonymisé existe")),
        )
    ]


register(
    Handler(
        key="post_mortem_directives",
        label=_("Vos directives post-mortem"),
        export=export_directives,
        erase=erase_directives,
        models=("privacy_rights.PostMortemDirective",),
        order=100,
    )
)
register(
    Handler(
        key="restriction",
        label=_("La limitation de votre compte"),
        export=export_restriction,
        erase=erase_restriction,
        kept=kept_restriction,
        models=("privacy_rights.RestrictionEvent",),
        order=100,
    )
)
