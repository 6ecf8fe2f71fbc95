"""Background e-mail about a new version that requires a new acceptance.

Runs in batches: each run handles BATCH_SIZE people then enqueues the next batch, so a large
user base never holds one worker for long. A VersionNotification row per (person, version)
is written in the same transaction as the sending: publishing again, or a retried batch,
never e-mails anyone twice.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import Acceptance, PolicyVersion, VersionNotification, kinds_for

logger = logging.getLogger(__name__)
BATCH_SIZE = 200


def _people_concerned(version: PolicyVersion):
    User = get_user_model()
    people = User.objects.filter(is_active=True)
    if version.document.kind not in kinds_for(is_practitioner=False):
        people = people.filter(role=User.Role.PRACTITIONER)
    already_accepted = Acceptance.objects.filter(
        document_id=version.document_id, version_number__gte=version.number, user__isnull=False
    ).values("user_id")
    already_notified = VersionNotification.objects.filter(version=version).values("user_id")
    return people.exclude(pk__in=already_accepted).exclude(pk__in=already_notified).order_by("pk")


def _translation_for(version: PolicyVersion, language: str) -> PolicyVersion:
    translated = (
        PolicyVersion.objects.filter(
            translation_key=version.translation_key, live=True, locale__language_code=language
        )
        .select_related("document", "locale")
        .first()
    )
    return translated or version


@task()
def notify_version_published(version_id: int, after_user_id: int = 0) -> int:
    """E-mail one batch of people who have not accepted `version_id`; returns how many were sent."""
    version = (
        PolicyVersion.objects.select_related("document", "locale").filter(pk=version_id, live=True).first()
    )
    if version is None or not version.requires_reacceptance:
        return 0
    batch = list(_people_concerned(version).filter(pk__gt=after_user_id)[:BATCH_SIZE])
    sent = 0
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for person in batch:
        language = person.preferred_language or "fr"
        shown = _translation_for(version, language)
        with translation.override(language):
            context = {
                "person": person,
                "version": shown,
                "document": version.document,
                "reaccept_url": base_url + reverse("legal:reaccept"),
                "version_url": base_url
                + reverse("legal:version", args=[version.document.slug, version.number]),
            }
            subject = render_to_string("legal/email/new_version_subject.txt", context).strip()
            body = render_to_string("legal/email/new_version_body.txt", context)
        with transaction.atomic():
            _row, created = VersionNotification.objects.get_or_create(user=person, version=version)
            if created:
                # Raising rolls the row back, so a failed e-mail is retried by the next run.
                send_mail(subject, body, None, [person.email])
                sent += 1
    if len(batch) == BATCH_SIZE:
        notify_version_published.enqueue(version_id=version_id, after_user_id=batch[-1].pk)
    logger.info("legal: notified %s people about version %s", sent, version_id)
    return sent
