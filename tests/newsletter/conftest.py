from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.factories import UserFactory
from legal.factories import ensure_documents, ensure_locales, make_version
from newsletter import services, tokens
from newsletter.models import NewsletterIssue, SubscriptionEvent


@pytest.fixture
def locales(db):
    return ensure_locales()


@pytest.fixture
def privacy_v1(locales):
    ensure_documents()
    return make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=300))


@pytest.fixture
def privacy_v1_en(privacy_v1):
    return make_version(
        "privacy_policy", 1, language="en", translation_of=privacy_v1, effective_at=privacy_v1.effective_at
    )


@pytest.fixture
def person(db):
    return UserFactory(email="lea.durand@example.fr", first_name="Léa", preferred_language="fr")


@pytest.fixture
def english_person(db):
    return UserFactory(email="emma.jones@example.co.uk", first_name="Emma", preferred_language="en")


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    """`subscribe(user)`: the request, its e-mail sent; returns (event, confirmation path)."""

    def run(user, source=SubscriptionEvent.Source.ACCOUNT):
        with django_capture_on_commit_callbacks(execute=True):
            event = services.request_subscription(user=user, source=source)
        return event, confirmation_path(event)

    return run


def confirmation_path(event, language="fr") -> str:
    token = tokens.confirmation_token(user_id=event.user_id, event_id=event.pk)
    return f"/{language}/lettre-d-information/confirmer/{token}/"


@pytest.fixture
def subscribed(privacy_v1, subscribe, rf):
    """`subscribed(user)`: a confirmed subscriber (through the services, as the views do)."""

    def run(user):
        event, _path = subscribe(user)
        version = services.policy_for_consent(user)
        confirmation, _created = services.confirm(request_event=event, version=version, request=rf.post("/"))
        mail.outbox.clear()
        return confirmation

    return run


@pytest.fixture
def issue(locales):
    return NewsletterIssue.objects.create(
        subject="Les nouveautés de l’hiver",
        body=(
            '<h2>Nouveau</h2><p>Déplacez un rendez-vous <a href="https://example.org/aide">en ligne</a>.</p>'
        ),
        locale=locales["fr"],
    )


@pytest.fixture
def english_issue(locales, issue):
    return NewsletterIssue.objects.create(
        subject="Winter news",
        body="<p>Move an appointment online.</p>",
        locale=locales["en"],
        translation_key=issue.translation_key,
    )
