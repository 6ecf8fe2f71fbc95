"""Proof bundles of cookie receipts (integrity.proofs): the receipt, the ledger row of the cookie
policy accepted with it (legal.proofs) and that policy's canonical text, each row with its chain."""

from django.utils.translation import gettext as _

from integrity import proofs
from legal import proofs as legal_proofs

from .models import ConsentReceipt

KIND = "consent_receipt"
ROLE_COOKIE_POLICY = "cookie_policy_acceptance"


def _load(receipt: ConsentReceipt) -> ConsentReceipt:
    return ConsentReceipt._base_manager.select_related(
        "user",
        "policy_acceptance__document",
        "policy_acceptance__version__document",
        "policy_acceptance__version__locale",
    ).get(pk=receipt.pk)


def receipt_bundle(receipt: ConsentReceipt) -> dict:
    receipt = _load(receipt)
    records = [proofs.record(receipt)]
    text = None
    acceptance = receipt.policy_acceptance
    if acceptance is not None:
        records.append(
            proofs.record(
                acceptance, role=ROLE_COOKIE_POLICY, referenced_by=(receipt, "policy_acceptance_id")
            )
        )
        text = legal_proofs.text_of(acceptance)
    return proofs.bundle(kind=KIND, records=records, text=text)


def choices_text(choices) -> str:
    """One line per group: accepted or refused, and the group's version as a date."""
    lines = []
    for choice in choices or []:
        version = choice.get("version") or ""
        try:
            when = proofs.readable_datetime(version) if version else "—"
        except ValueError:
            when = version
        lines.append(
            _("%(group)s : %(decision)s (version du %(version)s)")
            % {
                "group": choice.get("group"),
                "decision": _("accepté") if choice.get("accepted") else _("refusé"),
                "version": when,
            }
        )
    return "; ".join(lines)


def receipt_title(receipt: ConsentReceipt) -> str:
    return _("Reçu de consentement aux cookies n° %(number)s") % {"number": receipt.pk}


def printable(receipt: ConsentReceipt, data: dict) -> dict:
    receipt = _load(receipt)
    records = [
        proofs.printable_record(
            data["records"][0], title=_("Reçu de consentement"), overrides={"choices": choices_text}
        )
    ]
    for entry in data["records"][1:]:
        records.append(
            proofs.printable_record(entry, title=_("Acceptation de la politique de cookies (registre)"))
        )
    summary = [
        (_("Décision"), receipt.get_decision_display()),
        (_("Date"), proofs.readable_datetime(receipt.created_at)),
        (_("Identifiant de consentement"), receipt.consent_id),
        (_("Choix par groupe"), choices_text(receipt.choices)),
        (
            _("Politique de cookies"),
            _("version %(number)s") % {"number": receipt.policy_version_number}
            if receipt.policy_version_number
            else _("aucune version publiée"),
        ),
    ]
    if receipt.user_id:
        summary.append((_("Utilisateur connecté"), receipt.user.email))
    return {
        "title": receipt_title(receipt),
        "summary": summary,
        "records": records,
        "text": legal_proofs.printable_text(data["text"]),
        "generated_at": proofs.readable_datetime(data["generated_at"]),
    }
