"""The re-acceptance gate: redirect, exemptions, return to destination, banner, zero queries."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from accounts.factories import UserFactory
from legal import gate, services
from legal.factories import make_version
from legal.middleware import ReacceptanceGateMiddleware
from legal.models import Acceptance
from legal.rendering import render_version

REACCEPT = "/fr/informations-legales/mise-a-jour/"


@pytest.fixture
def privacy_v2(privacy_v1, user):
    """The user accepted v1 at signup; v2 requires re-acceptance and is in force since an hour."""
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    return make_version(
        "privacy_policy",
        2,
        summary="Nous ajoutons un prestataire de visioconférence.",
        effective_at=timezone.now() - timedelta(hours=1),
        requires_reacceptance=True,
    )


def test_a_signed_in_person_who_has_not_accepted_is_sent_to_the_reacceptance_page(client, user, privacy_v2):
    client.force_login(user)
    response = client.get("/fr/mon-compte/?onglet=1")
    assert response.status_code == 302
    assert response["Location"] == REACCEPT + "?next=%2Ffr%2Fmon-compte%2F%3Fonglet%3D1"


def test_an_acceptance_in_any_context_counts_for_the_gate(client, user, privacy_v2, terms_v1):
    """Per-context rows (e.g. a newsletter consent) are proof of their own; the gate still counts
    every acceptance of a version, whatever its context."""
    services.record_acceptance(version=terms_v1, context="booking", user=user)
    services.record_acceptance(version=privacy_v2, context="newsletter", user=user)
    client.force_login(user)
    assert client.get("/fr/mon-compte/").status_code == 200


def test_anonymous_visitors_are_not_gated(client, privacy_v2):
    response = client.get("/fr/informations-legales/")
    assert response.status_code == 200


def test_a_minor_version_does_not_gate_anyone(client, user, privacy_v1):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    make_version("privacy_policy", 2, effective_at=timezone.now() - timedelta(hours=1))
    client.force_login(user)
    assert client.get("/fr/mon-compte/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/fr/informations-legales/",
        "/fr/informations-legales/politique-de-confidentialite/",
        "/fr/informations-legales/politique-de-confidentialite/v1/",
        "/fr/informations-legales/politique-de-confidentialite/historique/",
        "/en/informations-legales/politique-de-confidentialite/",
        "/fr/informations-legales/refuser/",
        "/fr/compte/logout/",
        "/admin/",
        "/static/css/site.css",
    ],
)
def test_gated_people_can_still_read_legal_pages_log_out_and_reach_the_admin(client, user, privacy_v2, path):
    client.force_login(user)
    response = client.get(path)
    assert not (response.status_code == 302 and response["Location"].startswith(REACCEPT))


def test_the_reacceptance_page_shows_summary_links_and_accept_button(client, user, privacy_v2):
    client.force_login(user)
    response = client.get(REACCEPT + "?next=/fr/mon-compte/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nous ajoutons un prestataire de visioconférence." in html
    assert "/fr/informations-legales/politique-de-confidentialite/v2/" in html
    assert "/fr/informations-legales/politique-de-confidentialite/differences/?de=1&amp;a=2" in html
    assert render_version(privacy_v2).sha256 in html
    assert "/fr/informations-legales/refuser/" in html


def test_after_accepting_the_person_returns_where_they_were_going(client, user, privacy_v2):
    client.force_login(user)
    first = client.get("/fr/mon-compte/")
    assert first.status_code == 302
    response = client.post(
        "/fr/informations-legales/accepter/",
        {
            "version": privacy_v2.pk,
            "text_sha256": render_version(privacy_v2).sha256,
            "next": "/fr/mon-compte/",
        },
    )
    assert response["Location"] == "/fr/mon-compte/"
    assert client.get("/fr/mon-compte/").status_code == 200
    row = Acceptance.objects.get(user=user, version_number=2)
    assert row.context == "reacceptance"
    assert row.text_sha256 == render_version(privacy_v2).sha256


def test_two_pending_documents_are_accepted_one_after_the_other(client, user, privacy_v2, terms_v1):
    client.force_login(user)
    response = client.post(
        "/fr/informations-legales/accepter/",
        {
            "version": privacy_v2.pk,
            "text_sha256": render_version(privacy_v2).sha256,
            "next": "/fr/mon-compte/",
        },
    )
    assert response["Location"] == REACCEPT + "?next=%2Ffr%2Fmon-compte%2F"
    assert client.get("/fr/mon-compte/").status_code == 302


def test_announced_version_shows_a_dismissible_banner_and_gates_once_effective(client, user, privacy_v1):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    effective = timezone.now() + timedelta(days=5)
    make_version("privacy_policy", 2, effective_at=effective, requires_reacceptance=True)
    client.force_login(user)
    page = client.get("/fr/informations-legales/")
    assert page.status_code == 200
    assert "Masquer cette annonce" in page.content.decode()
    assert client.get("/fr/mon-compte/").status_code == 200

    client.post(
        "/fr/informations-legales/annonce/masquer/", {"document": privacy_v1.document_id, "number": 2}
    )
    assert "Masquer cette annonce" not in client.get("/fr/informations-legales/").content.decode()

    with time_machine.travel(effective + timedelta(minutes=1)):
        client.force_login(user)  # five days later the idle session has ended: signed in again
        response = client.get("/fr/mon-compte/")
    assert response.status_code == 302
    assert response["Location"].startswith(REACCEPT)


def test_a_newly_published_version_is_noticed_by_an_existing_session(client, user, privacy_v1):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    client.force_login(user)
    assert client.get("/fr/mon-compte/").status_code == 200
    make_version(
        "privacy_policy", 2, effective_at=timezone.now() - timedelta(minutes=1), requires_reacceptance=True
    )
    assert client.get("/fr/mon-compte/").status_code == 302


def test_practitioner_terms_gate_practitioners_only(client, documents):
    make_version(
        "practitioner_terms", 1, effective_at=timezone.now() - timedelta(days=1), requires_reacceptance=True
    )
    person = UserFactory()
    practitioner = UserFactory(role="practitioner")
    client.force_login(person)
    assert client.get("/fr/mon-compte/").status_code == 200
    client.force_login(practitioner)
    assert client.get("/fr/mon-compte/").status_code == 302


def _steady_request(user, session):
    request = RequestFactory().get("/fr/mon-compte/")
    request.session = session
    request.user = user
    return request


def test_the_gate_costs_zero_queries_in_the_steady_state(django_assert_num_queries, user, privacy_v2):
    services.record_acceptance(version=privacy_v2, context="reacceptance", user=user)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.save()
    middleware = ReacceptanceGateMiddleware(lambda request: HttpResponse("ok"))
    middleware(_steady_request(user, session))  # first request: fills the cache and the session stamp
    assert gate.SESSION_KEY in session

    with django_assert_num_queries(0):
        response = middleware(_steady_request(user, session))
    assert response.content == b"ok"


def test_the_gate_costs_zero_queries_while_redirecting(django_assert_num_queries, user, privacy_v2):
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    middleware = ReacceptanceGateMiddleware(lambda request: HttpResponse("ok"))
    middleware(_steady_request(user, session))
    with django_assert_num_queries(0):
        response = middleware(_steady_request(user, session))
    assert response.status_code == 302


def test_anonymous_requests_cost_zero_queries(django_assert_num_queries, privacy_v2):
    session = SessionStore()
    middleware = ReacceptanceGateMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/fr/")
    request.session = session
    with django_assert_num_queries(0):
        assert middleware(request).status_code == 200
