"""The accept endpoint refuses anything but the version in force, and needs CSRF."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from legal.factories import make_version
from legal.models import Acceptance
from legal.rendering import render_version

ACCEPT_URL = "/fr/informations-legales/accepter/"


def _post(client, version, *, sha=None, next_url=""):
    return client.post(
        ACCEPT_URL,
        {"version": version.pk, "text_sha256": sha or render_version(version).sha256, "next": next_url},
        HTTP_USER_AGENT="Firefox test",
        REMOTE_ADDR="2001:db8:1:2::5",
    )


def test_accept_url_is_under_the_french_legal_prefix():
    with translation.override("fr"):
        assert reverse("legal:accept") == ACCEPT_URL


def test_accepting_the_current_version_records_a_row_and_returns_to_next(client, user, privacy_v1):
    client.force_login(user)
    response = _post(client, privacy_v1, next_url="/fr/mon-compte/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/mon-compte/"
    row = Acceptance.objects.get(user=user)
    assert (row.context, row.version_id, row.ip_network) == ("reacceptance", privacy_v1.pk, "2001:db8:1::/48")
    assert row.text_sha256 == render_version(privacy_v1).sha256


def test_an_unsafe_next_is_ignored(client, user, privacy_v1):
    client.force_login(user)
    response = _post(client, privacy_v1, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_posting_an_old_version_is_refused_with_a_clear_message(client, user, privacy_v1):
    make_version("privacy_policy", 2, effective_at=timezone.now() - timedelta(hours=1))
    client.force_login(user)
    response = _post(client, privacy_v1)
    assert response.status_code == 400
    assert "plus celle en vigueur" in response.content.decode()
    assert not Acceptance.objects.exists()


def test_posting_an_unknown_version_is_refused(client, user, privacy_v1):
    client.force_login(user)
    response = client.post(ACCEPT_URL, {"version": 999999, "text_sha256": "a" * 64})
    assert response.status_code == 400
    assert "n’existe pas" in response.content.decode()


@pytest.mark.parametrize(
    "data", [{}, {"version": "abc", "text_sha256": "a" * 64}, {"version": 1, "text_sha256": "zz"}]
)
def test_malformed_posts_are_refused(client, user, privacy_v1, data):
    client.force_login(user)
    assert client.post(ACCEPT_URL, data).status_code == 400
    assert not Acceptance.objects.exists()


def test_a_text_hash_that_does_not_match_is_refused(client, user, privacy_v1):
    client.force_login(user)
    response = _post(client, privacy_v1, sha="b" * 64)
    assert response.status_code == 400
    assert not Acceptance.objects.exists()


def test_posting_without_csrf_token_is_forbidden(user, privacy_v1):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = _post(client, privacy_v1)
    assert response.status_code == 403
    assert not Acceptance.objects.exists()


def test_double_submit_records_once(client, user, privacy_v1):
    client.force_login(user)
    assert _post(client, privacy_v1).status_code == 302
    assert _post(client, privacy_v1).status_code == 302
    assert Acceptance.objects.filter(user=user).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, privacy_v1):
    response = _post(client, privacy_v1)
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    assert not Acceptance.objects.exists()


def test_get_is_not_allowed(client, user):
    client.force_login(user)
    assert client.get(ACCEPT_URL).status_code == 405
