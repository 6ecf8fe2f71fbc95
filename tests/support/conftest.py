"""The chat's world: the demo cookie groups, opening hours all day, a support agent (in the
"Support" group with the permission), a signed consent cookie accepting the chat or not."""

from datetime import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils import timezone

from accounts.factories import UserFactory
from consent import cookie, demo
from consent import selectors as consent_selectors
from support.models import SupportSettings
from tests.conftest import session_cookie  # noqa: F401 (the consumer tests sign in with it)
from tests.consent.conftest import cookie_policy  # noqa: F401 (fixtures for the browser tests)
from tests.contact.conftest import contact_pages, privacy, subjects  # noqa: F401


@pytest.fixture
def groups(db):
    demo.ensure_groups()
    cache.clear()


@pytest.fixture
def always_open(db):
    hours = SupportSettings.load()
    for day in SupportSettings.DAYS:
        setattr(hours, day, True)
    hours.opens_at = hours.closes_at = time(0, 0)
    hours.save()
    return hours


def make_agent(email="agent@example.fr"):
    agent = UserFactory(email=email)
    group, _created = Group.objects.get_or_create(name="Support")
    group.permissions.add(
        Permission.objects.get(codename="answer_conversation", content_type__app_label="support"),
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
    )
    agent.groups.add(group)
    return agent


@pytest.fixture
def agent(db):
    return make_agent()


def consent_value(*, chat: bool) -> str:
    """A signed consent cookie, as the banner sets it, accepting the chat group or refusing it."""
    versions = consent_selectors.group_versions()
    groups = {
        v: (version if (v == "chat_assistance" and chat) else cookie.REFUSED)
        for v, version in versions.items()
    }
    return cookie.encode(
        cookie.ConsentCookie(consent_id="t" * 22, decided_at=timezone.now(), policy_number=0, groups=groups)
    )
