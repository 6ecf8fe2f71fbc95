"""What this app holds about a person: their requests (privacy.registry).

Erasure keeps each request's existence, type, channel, dates, statuses and history — the proof
that the platform answered, and in time (accountability, articles 5.2 and 12 GDPR) — and blanks
what identifies the person or what they wrote: name, e-mail, the request's text, the DPO's notes
and the reasons written to them.
"""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register

from .models import DataSubjectRequest

BLANKED = ("requester_name", "requester_email", "message", "dpo_notes", "extension_reason", "refusal_reason")


def _date(value):
    return value.isoformat() if value else None


def export(user) -> list[dict]:
    rows = (
        DataSubjectRequest.objects.filter(user_id=user.pk).prefetch_related("events").order_by("received_at")
    )
    return [
        {
            "number": dsr.pk,
            "kind": dsr.kind,
            "channel": dsr.channel,
            "status": dsr.status,
            "name": dsr.requester_name,
            "email": dsr.requester_email,
            "message": dsr.message,
            "received_at": _date(dsr.received_at),
            "due_at": _date(dsr.due_at),
            "extended_due_at": _date(dsr.extended_due_at),
            "extension_reason": dsr.extension_reason,
            "refusal_reason": dsr.refusal_reason,
            "answered_at": _date(dsr.answered_at),
            "history": [
                {
                    "at": _date(e.at),
                    "action": e.action,
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                }
                for e in dsr.events.all()
            ],
        }
        for dsr in rows
    ]


def erase(user, context) -> None:
    # A queryset update: EncryptedTextField stores "" as it is, so blanking needs no key.
    count = DataSubjectRequest.objects.filter(user_id=user.pk).update(**dict.fromkeys(BLANKED, ""))
    if count:
        context.erased.append(
            str(_("Le contenu de vos demandes relatives à vos données (nom, e-mail, texte)"))
        )


def kept(user) -> list[Kept]:
    if not DataSubjectRequest.objects.filter(user_id=user.pk).exists():
        return []
    return [
        Kept(
            label=_("L’existence de vos demandes relatives à vos données : type, dates, statuts"),
            basis=_(
                "Preuve que nous avons répondu à vos demandes, et dans les délais "
                "(articles 5.2 et 12 du RGPD)"
            ),
            until=_("5 ans après la réponse (prescription de droit commun)"),
        )
    ]


register(
    Handler(
        key="privacy_requests",
        label=_("Vos demandes relatives à vos données"),
        export=export,
        erase=erase,
        kept=kept,
        models=("privacy_requests.DataSubjectRequest", "privacy_requests.RequestEvent"),
        order=900,
    )
)
