"""What legal holds about a person: their acceptances of the documents (the ledger), and which
new-version e-mails they were sent. The ledger is append-only (PostgreSQL refuses UPDATE and
DELETE): its rows stay, pointing to the account's tombstone; none holds a name or an e-mail."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register
from privacy.values import choice

from .models import Acceptance, VersionNotification


def acceptance_data(acceptance: Acceptance) -> dict:
    """One ledger row as the person reads it (also used for the rows under their consent ids)."""
    return {
        "id": acceptance.pk,
        "document": acceptance.document.kind,
        "document_label": str(acceptance.document.label),
        "version_number": acceptance.version_number,
        "version_title": acceptance.version.title,
        **choice(acceptance, "context"),
        "accepted_at": acceptance.accepted_at,
        "language": acceptance.language,
        "text_sha256": acceptance.text_sha256,
        "consent_id": acceptance.consent_id or "",
        "user_agent": acceptance.user_agent,
        "ip_network": acceptance.ip_network,
        "chain_hash": acceptance.chain_hash,
    }


def acceptances_of(*, user=None, consent_ids=()):
    rows = Acceptance.objects.select_related("document", "version").order_by("accepted_at", "pk")
    if user is not None:
        return rows.filter(user=user)
    return rows.filter(consent_id__in=list(consent_ids)) if consent_ids else rows.none()


def export_acceptances(user) -> list[dict]:
    return [acceptance_data(row) for row in acceptances_of(user=user)]


def export_version_notices(user) -> list[dict]:
    return [
        {
            "document": notice.version.document.get_kind_display(),
            "version_number": notice.version.number,
            "sent_at": notice.sent_at,
        }
        for notice in VersionNotification.objects.filter(user=user).select_related("version__document")
    ]


def erase_version_notices(user, context) -> None:
    VersionNotification.objects.filter(user=user).delete()


def acceptances_kept(user) -> list[Kept]:
    if not Acceptance.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            label=_(
                "Vos acceptations des conditions et de la politique de confidentialité : version, "
                "date, empreinte du texte affiché, navigateur (user agent) et réseau IP tronqué"
            ),
            basis=_(
                "Preuve du consentement et de l’acceptation des conditions (article 7.1 du RGPD) ; "
                "le registre est chaîné et ne peut être modifié"
            ),
            until=_("5 ans après la fin de la relation (prescription, article 2224 du Code civil)"),
        )
    ]


register(
    Handler(
        key="acceptances",
        label=_("Vos acceptations des documents légaux"),
        export=export_acceptances,
        # Nothing erased: the ledger is the proof (kept, see acceptances_kept).
        kept=acceptances_kept,
        models=("legal.Acceptance",),
        order=300,
    )
)
register(
    Handler(
        key="version_notices",
        label=_("Les avis de nouvelles versions des documents légaux qui vous ont été envoyés"),
        export=export_version_notices,
        erase=erase_version_notices,
        models=("legal.VersionNotification",),
        order=301,
    )
)
