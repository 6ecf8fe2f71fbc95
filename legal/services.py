"""Writes. `record_acceptance` is the ONLY code that writes the acceptance ledger."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from common.http import client_ip, minimise_ip
from integrity import chain

from . import gate, selectors
from .models import Acceptance, PolicyVersion
from .rendering import render_version

logger = logging.getLogger(__name__)

USER_AGENT_MAX_LENGTH = 255


class AcceptanceRefused(Exception):
    """The version cannot be accepted (unknown, not published, or no longer current)."""


class TextMismatch(AcceptanceRefused):
    """The hash of the text shown does not match the version's canonical text."""


def record_acceptance(
    *,
    version: PolicyVersion,
    context: str,
    request=None,
    user=None,
    consent_id: str | None = None,
    shown_text_sha256: str | None = None,
) -> tuple[Acceptance, bool]:
    """Record that `user` (or the anonymous `consent_id`) accepted `version`.

    Returns (row, created). Accepting the same version (in any language) again in the same
    context returns the existing row: the first acceptance is the proof. Another context gets
    its own row (a newsletter consent is its own proof, not the signup's); the gate counts
    an acceptance in any context (selectors.accepted_numbers). Safe under concurrent submissions: writers
    queue on the ledger's chain lock before looking for the row (the partial unique constraint
    stays as the last word). The row is appended to the ledger's hash chain.
    Raises AcceptanceRefused if the version is not the one in force or the announced one, and
    TextMismatch if `shown_text_sha256` is not the hash of this version's canonical text.
    """
    if (user is None) == (consent_id is None):
        raise ValueError("Give exactly one of user or consent_id.")
    if context not in Acceptance.Context.values:
        raise ValueError(f"Unknown acceptance context: {context!r}")
    if not selectors.is_acceptable(version):
        raise AcceptanceRefused(version.pk)
    text_sha256 = render_version(version).sha256
    if shown_text_sha256 is not None and shown_text_sha256 != text_sha256:
        raise TextMismatch(version.pk)

    subject = {"user": user} if user is not None else {"consent_id": consent_id}
    meta = request.META if request is not None else {}
    with transaction.atomic(savepoint=False):
        # Under the ledger chain's lock: a concurrent submission of the same acceptance has
        # committed by the time we read, so it is found instead of being recorded twice.
        reservation = chain.reserve(Acceptance)
        row = Acceptance.objects.filter(
            **subject, document_id=version.document_id, version_number=version.number, context=context
        ).first()
        created = row is None
        if created:
            row = chain.append(
                Acceptance(
                    **subject,
                    document_id=version.document_id,
                    version_number=version.number,
                    version=version,
                    context=context,
                    accepted_at=timezone.now(),
                    language=version.locale.language_code,
                    text_sha256=text_sha256,
                    user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
                    ip_network=minimise_ip(client_ip(request)) if request is not None else "",
                ),
                reservation=reservation,
            )
    if user is not None and request is not None:
        gate.note_acceptance(request, user=user, document_id=version.document_id, number=version.number)
    if created:
        # Ids only: str(row) would query the document inside the caller's transaction.
        logger.info("legal: acceptance %s of version %s (%s)", row.pk, version.pk, context)
    return row, created


def create_next_version(*, version: PolicyVersion, user=None) -> PolicyVersion:
    """Start the next version of a document as a draft copy of `version` (same language)."""
    highest = (
        PolicyVersion.objects.filter(document_id=version.document_id, locale_id=version.locale_id).aggregate(
            Max("number")
        )["number__max"]
        or 0
    )
    draft = PolicyVersion(
        document_id=version.document_id,
        locale_id=version.locale_id,
        number=highest + 1,
        title=version.title,
        body=version.body.get_prep_value(),
        summary_of_changes="",
        # A month's notice by default; the editor sets the real date.
        effective_at=(timezone.now() + timedelta(days=30)).replace(hour=0, minute=0, second=0, microsecond=0),
        requires_reacceptance=False,
        live=False,
    )
    draft.save()
    draft.save_revision(user=user, log_action=True)
    return draft
