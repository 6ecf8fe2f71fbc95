"""E-mails about a new version requiring acceptance: batches, language, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.rich_text import RichText

from accounts.factories import UserFactory
from legal import services, tasks
from legal.factories import make_version
from legal.models import VersionNotification


def _publish_v2(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return make_version(
            "privacy_policy",
            2,
            summary="Nouveau prestataire de paiement.",
            effective_at=timezone.now() + timedelta(days=30),
            requires_reacceptance=True,
            **kwargs,
        )


def test_publishing_a_major_version_emails_people_who_have_not_accepted_it(
    privacy_v1, user, django_capture_on_commit_callbacks
):
    other = UserFactory(email="sam@example.fr")
    mail.outbox.clear()
    v2 = _publish_v2(django_capture_on_commit_callbacks)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([user.email, other.email])
    message = next(m for m in mail.outbox if m.to == [user.email])
    assert "Nouveau prestataire de paiement." in message.body
    assert "/fr/informations-legales/politique-de-confidentialite/v2/" in message.body
    assert VersionNotification.objects.filter(version=v2).count() == 2


def test_running_the_task_again_emails_nobody_twice(privacy_v1, user, django_capture_on_commit_callbacks):
    v2 = _publish_v2(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert tasks.notify_version_published.call(version_id=v2.pk) == 0
    revision = v2.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()  # publishing again
    assert mail.outbox == []


def test_people_who_already_accepted_are_not_emailed(privacy_v1, user, django_capture_on_commit_callbacks):
    v2 = make_version(
        "privacy_policy", 2, effective_at=timezone.now() + timedelta(days=3), requires_reacceptance=True
    )
    services.record_acceptance(version=v2, context="reacceptance", user=user)
    mail.outbox.clear()
    assert tasks.notify_version_published.call(version_id=v2.pk) == 0
    assert mail.outbox == []


def test_minor_versions_send_no_email(privacy_v1, user, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_version("privacy_policy", 2, effective_at=timezone.now() + timedelta(days=3))
    assert mail.outbox == []


def test_people_are_emailed_in_batches_and_in_their_language(
    privacy_v1, user, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)
    english = [UserFactory(preferred_language="en") for _ in range(3)]
    v2 = make_version(
        "privacy_policy",
        2,
        summary="Nouveau prestataire de paiement.",
        effective_at=timezone.now() + timedelta(days=30),
        requires_reacceptance=True,
    )
    make_version(
        "privacy_policy",
        2,
        language="en",
        summary="New payment provider.",
        body=[("paragraph", RichText("<p>English text.</p>"))],
        translation_of=v2,
        effective_at=v2.effective_at,
    )
    mail.outbox.clear()
    tasks.notify_version_published.enqueue(version_id=v2.pk)
    assert len(mail.outbox) == 4
    for person in english:
        message = next(m for m in mail.outbox if m.to == [person.email])
        assert "New payment provider." in message.body
        assert "/en/informations-legales/politique-de-confidentialite/v2/" in message.body
    french = next(m for m in mail.outbox if m.to == [user.email])
    assert "Nouveau prestataire de paiement." in french.body


@pytest.mark.parametrize("requires", [False])
def test_task_ignores_versions_not_requiring_acceptance(privacy_v1, user, requires):
    v2 = make_version("privacy_policy", 2, requires_reacceptance=requires)
    assert tasks.notify_version_published.call(version_id=v2.pk) == 0


def test_links_lead_to_where_the_site_runs_and_a_failed_send_is_retried_once(
    privacy_v1, user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    settings.SITE_BASE_URL = ""
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8101)
    real_send = tasks.send_mail

    def failing_send(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(tasks, "send_mail", failing_send)
    _publish_v2(django_capture_on_commit_callbacks)  # the task fails (logged by django-tasks)
    v2 = privacy_v1.document.versions.get(number=2, locale__language_code="fr")
    assert not VersionNotification.objects.filter(version=v2).exists()  # the claim was given back

    monkeypatch.setattr(tasks, "send_mail", real_send)
    assert tasks.notify_version_published.call(version_id=v2.pk) == 1
    assert tasks.notify_version_published.call(version_id=v2.pk) == 0
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    assert "http://127.0.0.1:8101/fr/informations-legales/politique-de-confidentialite/v2/" in message.body
    assert "http://127.0.0.1:8101/fr/informations-legales/mise-a-jour/" in message.body
