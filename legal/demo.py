"""Demo content: the five legal documents in French and English, with two privacy-policy versions.

Idempotent: a version is found again by (document, number, language) and never overwritten,
so an editor's changes survive `make run`. The privacy policy v2 requires a new acceptance
and takes effect at the first load, so a signed-in demo user is gated at once.
"""

from datetime import datetime

from django.utils import timezone
from wagtail.admin.models import Admin
from wagtail.rich_text import RichText

from home.demo_support import DPO_GROUP, EDITORS_GROUP, grant

from .demo_texts.others import (
    COOKIES_EN,
    COOKIES_FR,
    NOTICE_EN,
    NOTICE_FR,
    PRACTITIONER_EN,
    PRACTITIONER_FR,
    TERMS_EN,
    TERMS_FR,
)
from .demo_texts.privacy import (
    PRIVACY_V1_EN,
    PRIVACY_V1_FR,
    PRIVACY_V2_EN,
    PRIVACY_V2_FR,
    PRIVACY_V2_SUMMARY_EN,
    PRIVACY_V2_SUMMARY_FR,
)
from .factories import ensure_documents, ensure_locales
from .models import Acceptance, PolicyVersion
from .selectors import invalidate_legal_state

FIRST_EFFECTIVE = timezone.make_aware(datetime(2025, 1, 15, 0, 0))
NOW = object()  # marker: effective at the first load

FIRST_SUMMARY = ("Première version publiée.", "First published version.")

VERSIONS = [
    # kind, number, (title fr, title en), (text fr, text en), effective, re-acceptance, (summary fr, en)
    (
        "legal_notice",
        1,
        ("Mentions légales", "Legal notice"),
        (NOTICE_FR, NOTICE_EN),
        FIRST_EFFECTIVE,
        False,
        FIRST_SUMMARY,
    ),
    (
        "terms_of_use",
        1,
        ("Conditions générales d’utilisation", "Terms of use"),
        (TERMS_FR, TERMS_EN),
        FIRST_EFFECTIVE,
        False,
        FIRST_SUMMARY,
    ),
    (
        "practitioner_terms",
        1,
        ("Conditions générales des praticiens", "Terms for practitioners"),
        (PRACTITIONER_FR, PRACTITIONER_EN),
        FIRST_EFFECTIVE,
        False,
        FIRST_SUMMARY,
    ),
    (
        "cookie_policy",
        1,
        ("Politique de cookies", "Cookie policy"),
        (COOKIES_FR, COOKIES_EN),
        FIRST_EFFECTIVE,
        False,
        FIRST_SUMMARY,
    ),
    (
        "privacy_policy",
        1,
        ("Politique de confidentialité", "Privacy policy"),
        (PRIVACY_V1_FR, PRIVACY_V1_EN),
        FIRST_EFFECTIVE,
        False,
        FIRST_SUMMARY,
    ),
    (
        "privacy_policy",
        2,
        ("Politique de confidentialité", "Privacy policy"),
        (PRIVACY_V2_FR, PRIVACY_V2_EN),
        NOW,
        True,
        (PRIVACY_V2_SUMMARY_FR, PRIVACY_V2_SUMMARY_EN),
    ),
]


def text_to_blocks(text: str) -> list:
    """The mini-format of legal/demo_texts to StreamField blocks."""
    blocks, bullets = [], []

    def flush():
        if bullets:
            items = "".join(f"<li>{item}</li>" for item in bullets)
            blocks.append(("paragraph", RichText(f"<ul>{items}</ul>")))
            bullets.clear()

    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if line.startswith("- "):
            bullets.append(line[2:])
            continue
        flush()
        if line.startswith("### "):
            blocks.append(("subheading", line[4:]))
        elif line.startswith("## "):
            blocks.append(("heading", line[3:]))
        else:
            blocks.append(("paragraph", RichText(f"<p>{line}</p>")))
    flush()
    return blocks


def _publish(version: PolicyVersion) -> None:
    version.save()
    version.save_revision().publish()


def _ensure_version(
    document, locale, number, title, text, effective_at, reaccept, summary, translation_key=None
):
    existing = PolicyVersion.objects.filter(document=document, number=number, locale=locale).first()
    if existing:
        return existing, False
    version = PolicyVersion(
        document=document,
        locale=locale,
        number=number,
        title=title,
        body=text_to_blocks(text),
        summary_of_changes=summary,
        effective_at=effective_at,
        requires_reacceptance=reaccept,
        live=False,
    )
    if translation_key:
        version.translation_key = translation_key
    _publish(version)
    return version, True


def load(*, stdout, options):
    locales = ensure_locales()
    documents = ensure_documents()
    created = 0
    for kind, number, titles, texts, effective, reaccept, summaries in VERSIONS:
        effective_at = timezone.now() if effective is NOW else effective
        french, made = _ensure_version(
            documents[kind], locales["fr"], number, titles[0], texts[0], effective_at, reaccept, summaries[0]
        )
        created += made
        _english, made = _ensure_version(
            documents[kind],
            locales["en"],
            number,
            titles[1],
            texts[1],
            french.effective_at,
            french.requires_reacceptance,
            summaries[1],
            translation_key=french.translation_key,
        )
        created += made
    invalidate_legal_state()

    version_perms = ["add", "change", "delete", "publish", "lock", "unlock", "view"]
    grant(EDITORS_GROUP, [(PolicyVersion, f"{p}_policyversion") for p in version_perms])
    grant(EDITORS_GROUP, [(Acceptance, "view_acceptance")])
    grant(
        DPO_GROUP,
        [(Admin, "access_admin"), (PolicyVersion, "view_policyversion"), (Acceptance, "view_acceptance")],
    )

    if options.get("verbosity", 1) > 0:
        stdout.write(f"Documents juridiques : {created} version(s) créée(s).")
    return []
