"""What the contact form holds about a person: the messages they sent signed in, or from their
account's address. Erasure deletes them; the acceptance each was sent under stays in the ledger
(an anonymous consent id `contact:<reference>`, or the account's tombstone)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from legal.privacy import acceptance_data
from privacy.registry import Handler, register
from privacy.values import choice, scrub_log_labels

from .models import ContactMessage


def messages_of(user):
    return (
        ContactMessage.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .select_related("subject", "acceptance__document", "acceptance__version")
        .order_by("created_at", "pk")
    )


def export_messages(user) -> list[dict]:
    return [
        {
            "reference": message.short_reference,
            "created_at": message.created_at,
            "name": message.name,
            "email": message.email,
            "subject": message.subject.label,
            "message": message.message,
            **choice(message, "language"),
            **choice(message, "status"),
            "acceptance": acceptance_data(message.acceptance),
        }
        for message in messages_of(user)
    ]


def erase_messages(user, context) -> None:
    ids = list(messages_of(user).values_list("pk", flat=True))
    if ids:
        scrub_log_labels(ContactMessage, ids, "contact message")
        ContactMessage.objects.filter(pk__in=ids).delete()
        context.erased.append(str(_("Vos messages envoyés par le formulaire de contact")))


register(
    Handler(
        key="contact_messages",
        label=_("Vos messages de contact"),
        export=export_messages,
        erase=erase_messages,
        models=("contact.ContactMessage",),
        order=500,
    )
)
