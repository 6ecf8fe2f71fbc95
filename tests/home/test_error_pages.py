"""Error pages (400, 403, CSRF failure, 429) in the site's layout, in French, with a way back."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def _forbidden(request):
    raise PermissionDenied("détail interne à ne pas afficher")


def _bad_request(request):
    raise BadRequest("détail interne à ne pas afficher")


# This module is also the URLconf of its tests: two views that fail, then the whole site.
urlpatterns = [
    path("test-erreurs/403/", _forbidden),
    path("test-erreurs/400/", _bad_request),
    *site_urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def assert_site_layout(html: str) -> None:
    assert '<html lang="fr">' in html
    assert 'href="/static/css/site.css"' in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert 'href="/fr/"' in html  # the way back to the home page
    assert "détail interne" not in html


def test_forbidden_page_is_in_the_site_layout_and_offers_to_log_in(client, home_page):
    response = client.get("/test-erreurs/403/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 403
    html = response.content.decode()
    assert_site_layout(html)
    assert "<h1>Accès refusé</h1>" in html
    assert 'href="/fr/compte/login/?next=/test-erreurs/403/"' in html


def test_forbidden_page_for_a_logged_in_person_does_not_offer_to_log_in(client, home_page):
    from accounts.factories import UserFactory

    client.force_login(UserFactory())

    response = client.get("/test-erreurs/403/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Accès refusé</h1>" in html
    assert "/fr/compte/login/" not in html


def test_bad_request_page_is_in_the_site_layout(client, home_page):
    response = client.get("/test-erreurs/400/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    html = response.content.decode()
    assert_site_layout(html)
    assert "<h1>Demande incorrecte</h1>" in html


def test_a_form_posted_without_its_csrf_token_gets_the_expired_form_page(home_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/fr/compte/login/", {"login": "a@example.fr", "password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert_site_layout(html)
    assert "<h1>Formulaire expiré</h1>" in html
    assert "CSRF verification failed" not in html


@override_settings(ACCOUNT_RATE_LIMITS={"login": "1/m/ip"})
def test_too_many_attempts_get_the_french_rate_limit_page(client, home_page):
    from django.core.cache import cache

    cache.clear()  # allauth counts attempts in the cache
    client.post("/fr/compte/login/", {"login": "a@example.fr", "password": "x"})

    response = client.post("/fr/compte/login/", {"login": "a@example.fr", "password": "x"})

    assert response.status_code == 429
    html = response.content.decode()
    assert_site_layout(html)
    assert "<h1>Trop de tentatives</h1>" in html
    assert 'href="/fr/compte/password/reset/"' in html
    assert "Too Many Requests" not in html
    cache.clear()
