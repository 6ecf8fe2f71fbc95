"""Nobody records an acceptance on a person's behalf: no operator command writes the ledger, and
the benchmark's signed-in user passes the gate through the real login and accept forms."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import get_commands
from django.test import Client
from django.utils import timezone

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from bench.browser import USER_AGENT, signed_in_session
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance
from legal.rendering import render_version


def test_no_management_command_accepts_documents_for_someone():
    assert "legal_accept_current" not in get_commands()


@pytest.mark.django_db(transaction=True)
def test_the_bench_user_accepts_through_the_real_pages_as_a_browser_would(live_server):
    ensure_locales()
    ensure_documents()
    long_ago = timezone.now() - timedelta(days=30)
    versions = [
        make_version(kind, 1, effective_at=long_ago, requires_reacceptance=True)
        for kind in ("terms_of_use", "privacy_policy")
    ]
    person = UserFactory(email="bench@example.fr")
    port = urlsplit(live_server.url).port

    session = signed_in_session(port, person.email, DEFAULT_PASSWORD, headers={"Host": f"localhost:{port}"})

    rows = Acceptance.objects.filter(user=person).order_by("document__sort_order")
    assert [row.version_id for row in rows] == [v.pk for v in versions]
    for row, version in zip(rows, versions, strict=True):
        assert row.context == Acceptance.Context.REACCEPTANCE
        assert row.user_agent == USER_AGENT  # says it is the benchmark, not a person
        assert row.ip_network == "127.0.0.0/24"
        assert row.text_sha256 == render_version(version).sha256
    browser = Client()
    browser.cookies["sessionid"] = session
    assert browser.get("/fr/mon-compte/").status_code == 200  # the gate lets the session through
