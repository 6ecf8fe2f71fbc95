"""What consent holds about a person: the receipts of their cookie choices made while signed in,
and the other receipts of the same consent ids (the same browser's earlier or later choices),
with the cookie policy acceptance each points to. Receipts are append-only and chained: erasure
keeps them; they hold a random consent id, a truncated IP network and the browser's user agent,
no name and no e-mail."""

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from legal.privacy import acceptance_data
from privacy.registry import Handler, Kept, register
from privacy.values import choice

from .models import ConsentReceipt


def receipts_of(user):
    consent_ids = ConsentReceipt.objects.filter(user=user).values("consent_id")
    return (
        ConsentReceipt.objects.filter(Q(user=user) | Q(consent_id__in=consent_ids, user__isnull=True))
        .select_related("policy_acceptance__document", "policy_acceptance__version")
        .order_by("created_at", "pk")
    )


def export_receipts(user) -> list[dict]:
    return [
        {
            "id": receipt.pk,
            "consent_id": receipt.consent_id,
            **choice(receipt, "decision"),
            **choice(receipt, "source"),
            "choices": [
                {
                    "group": item.get("group", ""),
                    "accepted": bool(item.get("accepted")),
                    # A group's version is the time its cookies last changed (an ISO string).
                    "version": parse_datetime(item.get("version") or "") or item.get("version", ""),
                }
                for item in receipt.choices
            ],
            "policy_version_number": receipt.policy_version_number,
            "policy_acceptance": (
                acceptance_data(receipt.policy_acceptance) if receipt.policy_acceptance_id else None
            ),
            "created_at": receipt.created_at,
            "language": receipt.language,
            "signed_in": receipt.user_id == user.pk,
            "user_agent": receipt.user_agent,
            "ip_network": receipt.ip_network,
            "chain_hash": receipt.chain_hash,
        }
        for receipt in receipts_of(user)
    ]


def receipts_kept(user) -> list[Kept]:
    if not ConsentReceipt.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            label=_(
                "Les reçus de vos choix de cookies : identifiant de consentement aléatoire, choix par "
                "groupe, date, navigateur (user agent) et réseau IP tronqué"
            ),
            basis=_("Preuve du consentement aux cookies (article 82 de la loi Informatique et Libertés)"),
            until=_("5 ans après le choix (prescription, article 2224 du Code civil)"),
        )
    ]


register(
    Handler(
        key="cookie_receipts",
        label=_("Vos choix de cookies"),
        export=export_receipts,
        kept=receipts_kept,
        models=("consent.ConsentReceipt",),
        order=310,
    )
)
