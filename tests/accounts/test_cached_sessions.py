"""With SESSIONS_CACHED (cached_db), signing someone out everywhere (erasure) forgets the cached
copy of their sessions too, not only the database rows."""

from importlib import import_module

import pytest

from accounts.factories import UserFactory
from accounts.privacy import delete_sessions

pytestmark = pytest.mark.django_db

CACHED_DB = "django.contrib.sessions.backends.cached_db"


def test_signing_out_everywhere_forgets_the_cached_sessions(client, settings):
    settings.SESSION_ENGINE = CACHED_DB
    store = import_module(CACHED_DB).SessionStore
    person, other = UserFactory(), UserFactory()
    client.force_login(person)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert store(session_key=key).load()  # read from the cache

    assert delete_sessions(person) == 1
    assert delete_sessions(other) == 0

    assert store(session_key=key).load() == {}
