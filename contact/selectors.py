"""Reads: the subjects offered, the privacy policy shown on the form, the messages past retention."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from legal import selectors as legal_selectors
from legal.models import LegalDocument, PolicyVersion
from legal.rendering import render_version

from .models import ContactMessage, ContactSubject

PRIVACY_POLICY = str(LegalDocument.Kind.PRIVACY_POLICY)


def active_subjects():
    return ContactSubject.objects.filter(active=True).order_by("sort_order", "name")


def privacy_policy_shown(language: str | None = None) -> tuple[PolicyVersion, str] | None:
    """The privacy policy in force, in `language` when translated, and the hash of its text:
    what the form links to and what the sender accepts. None when no version is in force."""
    version = legal_selectors.current_version_for_kind(PRIVACY_POLICY, language)
    if version is None:
        return None
    return version, render_version(version).sha256


def privacy_version(version_id) -> PolicyVersion | None:
    """A version of the privacy policy by id (any state: the ledger decides if it is acceptable)."""
    return (
        PolicyVersion.objects.select_related("document", "locale")
        .filter(pk=version_id, document__kind=PRIVACY_POLICY)
        .first()
    )


def retention_days() -> int:
    """Days a message is kept: read from CONTACT_RETENTION_DAYS_SOURCE (a dotted path to a function,
    the retention app's setting that the DPO changes in the admin) when set, else
    CONTACT_RETENTION_DAYS. Contact does not import the app that sets the duration."""
    source = getattr(settings, "CONTACT_RETENTION_DAYS_SOURCE", "")
    return int(import_string(source)()) if source else settings.CONTACT_RETENTION_DAYS


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=retention_days())


def expired_messages(now=None):
    """Messages received more than `retention_days()` ago, whatever their status: an
    unanswered message is not kept longer than an answered one."""
    return ContactMessage.objects.filter(created_at__lt=retention_cutoff(now))


def is_acceptable(version: PolicyVersion, shown_sha256: str | None) -> bool:
    """The ledger's rule (in force or announced) and the very text that was shown."""
    return legal_selectors.is_acceptable(version) and shown_sha256 == render_version(version).sha256
