"""Background e-mail about a new version that requires a new acceptance.

Runs in batches: each run handles BATCH_SIZE people then enqueues the next batch, so a large
user base never holds one worker for long. A VersionNotification row per (person, version) is
claimed before the sending (unique): publishing again, a retried batch or a second worker never
e-mails anyone twice; a failed sending removes its claim so that a retry sends it.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from common.i18n import content_language
from common.urls import absolute_url

from . import selectors
from .models import PolicyVersion, VersionNotification

logger = logging.getLogger(__name__)
BATCH_SIZE = 200


def _people_concerned(version: PolicyVersion):
    already_notified = VersionNotification.objects.filter(version=version).values("user_id")
    return selectors.people_yet_to_accept(version).exclude(pk__in=already_notified).order_by("pk")


@task()
def notify_version_published(version_id: int, after_user_id: int = 0) -> int:
    """E-mail one batch of people who have not accepted `version_id`; returns how many were sent."""
    version = (
        PolicyVersion.objects.select_related("document", "locale").filter(pk=version_id, live=True).first()
    )
    # The worker's cache may lag behind the publication: decide on a fresh picture.
    state = selectors.compute_legal_state()
    if version is None or not version.requires_reacceptance or not selectors.is_acceptable(version, state):
        return 0
    batch = list(_people_concerned(version).filter(pk__gt=after_user_id)[:BATCH_SIZE])
    sent = 0
    for person in batch:
        language = content_language(person.preferred_language)
        with translation.override(language):
            context = {
                "person": person,
                "version": selectors.public_version(version.document, version.number, language),
                "document": version.document,
                "reaccept_url": absolute_url(reverse("legal:reaccept")),
                "version_url": absolute_url(
                    reverse("legal:version", args=[version.document.slug, version.number])
                ),
            }
            subject = render_to_string("legal/email/new_version_subject.txt", context).strip()
            body = render_to_string("legal/email/new_version_body.txt", context)
        # Claim first, in a short transaction (no lock held while the mail server answers), then
        # send; a failed send gives the claim back so that the next run retries.
        with transaction.atomic():
            row, created = VersionNotification.objects.get_or_create(user=person, version=version)
        if not created:
            continue
        try:
            send_mail(subject, body, None, [person.email])
        except Exception:
            VersionNotification.objects.filter(pk=row.pk).delete()
            raise
        sent += 1
    if len(batch) == BATCH_SIZE:
        notify_version_published.enqueue(version_id=version_id, after_user_id=batch[-1].pk)
    logger.info("legal: notified %s people about version %s", sent, version_id)
    return sent
