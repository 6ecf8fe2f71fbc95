from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from consent import demo
from legal.factories import ensure_documents, ensure_locales, make_version


@pytest.fixture
def groups(db):
    """The demo groups: essentiels (required), mesure_audience, chat_assistance."""
    demo.ensure_groups()
    cache.clear()


@pytest.fixture
def cookie_policy(db):
    ensure_locales()
    ensure_documents()
    version = make_version(
        "cookie_policy", 1, effective_at=timezone.now() - timedelta(days=300), requires_reacceptance=True
    )
    cache.clear()
    return version


@pytest.fixture
def gated_code(groups, home_page):
    demo.ensure_gated_code()


@pytest.fixture
def site_ready(home_page, groups, cookie_policy, gated_code):
    """A home page, the demo groups, a cookie policy v1 in force and the demo gated code."""
    cache.clear()
