"""Every view that reads `next` follows only a local path and never answers 500, whatever it gets."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from common.http import safe_next_url
from consent import demo as consent_demo
from legal import services
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.rendering import render_version

NASTY = [
    "on",
    "fr",
    "accueil",
    "mon-compte",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    " /fr/",
    "/fr/\r\nSet-Cookie: x=1",
    "/fr/\x00",
    "%2F%2Fevil.example",
    "///evil.example",
    "/%09/evil.example",
    "\u2028/fr/",
    "",
    "?next=/fr/",
    "#top",
    "/" + "a" * 5000,
]

texts = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=60), st.from_regex(r"\A[/\\]{1,3}[a-z.:@%]{0,20}\Z")
)


def is_local_path(location: str) -> bool:
    parts = urlsplit(location)
    return not (parts.scheme or parts.netloc) and location.startswith("/") and not location.startswith("//")


@given(texts)
def test_safe_next_url_returns_a_local_path_or_the_default(candidate):
    result = safe_next_url(candidate, default="/fr/")
    assert result == "/fr/" or (result == candidate and is_local_path(result))


@pytest.mark.parametrize("good", ["/fr/", "/en/mon-compte/?onglet=2", "/fr/annuaire/?q=lyon#r"])
def test_local_paths_are_kept(good):
    assert safe_next_url(good) == good


@pytest.fixture
def world(db):
    """A person who must accept privacy v2, the cookie groups and a cookie policy in force."""
    ensure_locales()
    ensure_documents()
    old = timezone.now() - timedelta(days=30)
    privacy_v1 = make_version("privacy_policy", 1, effective_at=old, requires_reacceptance=True)
    terms = make_version("terms_of_use", 1, effective_at=old)
    make_version("cookie_policy", 1, effective_at=old)
    consent_demo.ensure_groups()
    person = UserFactory(email="fuzz@example.fr")
    services.record_acceptance(version=privacy_v1, context="signup", user=person)
    services.record_acceptance(version=terms, context="signup", user=person)
    privacy_v2 = make_version(
        "privacy_policy", 2, effective_at=timezone.now() - timedelta(hours=1), requires_reacceptance=True
    )
    client = Client()
    client.force_login(person)
    return {"client": client, "anonymous": Client(), "v2": privacy_v2, "v1": privacy_v1}


def _requests(world, value):
    v2 = world["v2"]
    signed_in, anonymous = world["client"], world["anonymous"]
    sha = render_version(v2).sha256
    yield signed_in.get("/fr/informations-legales/mise-a-jour/", {"next": value})
    yield signed_in.post(
        "/fr/informations-legales/annonce/masquer/", {"document": 1, "number": 2, "next": value}
    )
    yield anonymous.post(
        "/cookies/choix/", {"choice": "refuse_all", "next": value}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    yield anonymous.get("/fr/cookies/", {"next": value})
    yield anonymous.get("/fr/compte/login/", {"next": value})
    yield anonymous.post("/fr/compte/login/", {"login": "x@example.fr", "password": "faux", "next": value})
    # Last: accepting ends the gate for this session.
    yield signed_in.post(
        "/fr/informations-legales/accepter/", {"version": v2.pk, "text_sha256": sha, "next": value}
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=texts)
def test_no_view_that_reads_next_answers_500_or_leaves_the_site(world, value):
    for response in _requests(world, value):
        assert response.status_code < 500, (response.request["PATH_INFO"], value)
        if response.status_code in (301, 302, 303):
            assert is_local_path(response["Location"]), (response.request["PATH_INFO"], value)


@pytest.mark.parametrize("value", ["on", "fr"])
def test_a_bare_word_as_next_falls_back_to_the_home_page_and_the_row_is_written_once(world, value):
    client, v2 = world["client"], world["v2"]
    sha = render_version(v2).sha256
    page = client.get("/fr/informations-legales/mise-a-jour/", {"next": value})
    assert page.status_code == 200
    response = client.post(
        "/fr/informations-legales/accepter/", {"version": v2.pk, "text_sha256": sha, "next": value}
    )
    assert (response.status_code, response["Location"]) == (302, "/fr/")
    assert v2.acceptances.count() == 1
