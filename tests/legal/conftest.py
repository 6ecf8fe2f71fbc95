from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from legal.factories import ensure_documents, ensure_locales, make_version


@pytest.fixture
def documents(db):
    ensure_locales()
    return ensure_documents()


@pytest.fixture
def user(db):
    return UserFactory(email="lea.durand@example.fr", first_name="Léa", last_name="Durand")


@pytest.fixture
def privacy_v1(documents):
    return make_version(
        "privacy_policy", 1, effective_at=timezone.now() - timedelta(days=300), requires_reacceptance=True
    )


@pytest.fixture
def terms_v1(documents):
    return make_version(
        "terms_of_use", 1, effective_at=timezone.now() - timedelta(days=300), requires_reacceptance=True
    )
