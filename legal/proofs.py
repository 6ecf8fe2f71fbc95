"""Proof bundles of ledger rows (integrity.proofs): the acceptance, the canonical text of the
version shown (legal.rendering, the text its `text_sha256` was computed on) and its chain."""

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from integrity import proofs

from .models import Acceptance
from .rendering import render_version

KIND = "legal_acceptance"


def _version_url(version) -> str:
    try:
        with translation.override(version.locale.language_code):
            return reverse("legal:version", args=[version.document.slug, version.number])
    except NoReverseMatch:
        return ""


def text_of(acceptance: Acceptance) -> dict:
    version = acceptance.version
    return proofs.text_entry(
        render_version(version).text,
        hashed_in=(acceptance, "text_sha256"),
        about={
            "document": version.document.kind,
            "document_label": str(version.document.label),
            "version_id": version.pk,
            "version_number": version.number,
            "language": version.locale.language_code,
            "title": version.title,
            "effective_at": proofs.timestamp(version.effective_at),
            "url": _version_url(version),
        },
    )


def _load(acceptance: Acceptance) -> Acceptance:
    """The row as stored, with what the text needs (one query)."""
    return Acceptance._base_manager.select_related("version__document", "version__locale", "user").get(
        pk=acceptance.pk
    )


def acceptance_bundle(acceptance: Acceptance) -> dict:
    acceptance = _load(acceptance)
    return proofs.bundle(kind=KIND, records=[proofs.record(acceptance)], text=text_of(acceptance))


def acceptance_title(acceptance: Acceptance) -> str:
    return _("Acceptation de « %(document)s », version %(number)s") % {
        "document": acceptance.document.label,
        "number": acceptance.version_number,
    }


def printable(acceptance: Acceptance, data: dict) -> dict:
    """The printable page's context (integrity/proof.html) for a ledger row's bundle."""
    acceptance = _load(acceptance)
    record = data["records"][0]
    return {
        "title": acceptance_title(acceptance),
        "summary": acceptance_summary(acceptance),
        "records": [proofs.printable_record(record, title=_("Ligne du registre des acceptations"))],
        "text": printable_text(data["text"]),
        "generated_at": proofs.readable_datetime(data["generated_at"]),
    }


def acceptance_summary(acceptance: Acceptance) -> list[tuple[str, str]]:
    who = (
        acceptance.user.email
        if acceptance.user_id
        else _("identifiant de consentement %(id)s") % {"id": acceptance.consent_id}
    )
    return [
        (_("Document"), f"{acceptance.document.label} — {acceptance.version.title}"),
        (_("Version"), str(acceptance.version_number)),
        (_("Accepté le"), proofs.readable_datetime(acceptance.accepted_at)),
        (_("Par"), who),
        (_("Contexte"), acceptance.get_context_display()),
        (_("Langue du texte affiché"), language_label(acceptance.language)),
        (_("Empreinte SHA-256 du texte"), acceptance.text_sha256),
    ]


def language_label(code: str | None) -> str:
    return {"fr": _("français"), "en": _("anglais")}.get(code or "", code or "—")


def printable_text(text: dict | None) -> dict | None:
    """The text section of the printable page: the facts about the version, dates as read."""
    if text is None:
        return None
    about = text["about"]
    language = language_label(about.get("language"))
    facts = [
        (_("Document"), about.get("document_label")),
        (_("Titre"), about.get("title")),
        (_("Version"), str(about.get("version_number"))),
        (_("Langue"), language),
        (_("En vigueur le"), proofs.readable_datetime(about.get("effective_at"))),
    ]
    if about.get("url"):
        facts.append((_("Adresse permanente"), about["url"]))
    return {"text": text["text"], "sha256": text["sha256"], "facts": facts}
