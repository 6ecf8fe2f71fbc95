"""Helpers to build documents and versions in tests and demo content."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from .migrations_data import DOCUMENTS
from .models import LegalDocument, PolicyVersion


def ensure_documents() -> dict[str, LegalDocument]:
    """The five documents (created by a migration; again here after a test database flush)."""
    for kind, slug, order in DOCUMENTS:
        LegalDocument.objects.get_or_create(kind=kind, defaults={"slug": slug, "sort_order": order})
    return {d.kind: d for d in LegalDocument.objects.all()}


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("fr", "en")}


def simple_body(*paragraphs: str, heading: str = "Objet") -> list:
    body = [("heading", heading)]
    body += [("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs]
    return body


def make_version(
    kind: str,
    number: int,
    *,
    language: str = "fr",
    title: str | None = None,
    body: list | None = None,
    summary: str = "",
    effective_at=None,
    requires_reacceptance: bool = False,
    publish: bool = True,
    translation_of: PolicyVersion | None = None,
    user=None,
    clean: bool = True,
) -> PolicyVersion:
    """A version, saved with a revision and published (unless `publish=False`). `clean=False`
    skips the editors' rules (legal.rules), to build states older data may hold."""
    documents = ensure_documents()
    locale = ensure_locales()[language]
    version = PolicyVersion(
        document=documents[kind],
        number=number,
        locale=locale,
        title=title or f"{documents[kind].label} v{number}",
        body=body or simple_body(f"Texte de la version {number} ({language})."),
        summary_of_changes=summary,
        effective_at=effective_at or timezone.now() - timedelta(days=1),
        requires_reacceptance=requires_reacceptance,
        live=False,
    )
    if translation_of is not None:
        version.translation_key = translation_of.translation_key
    version.save()
    revision = version.save_revision(user=user, clean=clean)
    if publish:
        revision.publish(user=user)
        version.refresh_from_db()
    return version
