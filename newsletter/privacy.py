"""What the newsletter holds about a person: the events of their subscription (append-only and
chained: kept as proof of the consent and of its withdrawal, they hold no name nor e-mail) and
the issues sent to them (with the address used: deleted on erasure)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register
from privacy.values import choice

from . import selectors, services
from .models import Delivery, SubscriptionEvent


def export_newsletter(user) -> dict:
    last = selectors.last_event(user)
    return {
        "state": last.kind if last else "",
        "state_label": str(last.get_kind_display()) if last else "",
        "events": [
            {
                "id": event.pk,
                **choice(event, "kind"),
                **choice(event, "source"),
                "created_at": event.created_at,
                "language": event.language,
                "acceptance": event.acceptance_id,
            }
            for event in SubscriptionEvent.objects.filter(user=user).order_by("pk")
        ],
        "deliveries": [
            {
                "issue": delivery.issue.subject,
                "email": delivery.email,
                **choice(delivery, "status"),
                "sent_at": delivery.sent_at,
            }
            for delivery in Delivery.objects.filter(user=user).select_related("issue").order_by("claimed_at")
        ],
    }


def erase_newsletter(user, context) -> None:
    if services.withdraw(user=user, source=SubscriptionEvent.Source.ACCOUNT) is not None:
        context.erased.append(str(_("Votre abonnement à la lettre d’information (désinscription)")))
    Delivery.objects.filter(user=user).delete()


def newsletter_kept(user) -> list[Kept]:
    if not SubscriptionEvent.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            label=_("L’historique de votre abonnement à la lettre d’information (dates, sans adresse)"),
            basis=_("Preuve du consentement et de son retrait (article 7.1 du RGPD)"),
            until=_("5 ans après votre désinscription (prescription, article 2224 du Code civil)"),
        )
    ]


register(
    Handler(
        key="newsletter",
        label=_("Votre lettre d’information"),
        export=export_newsletter,
        erase=erase_newsletter,
        kept=newsletter_kept,
        models=("newsletter.SubscriptionEvent", "newsletter.Delivery", "newsletter.NewsletterIssue"),
        order=400,
    )
)
