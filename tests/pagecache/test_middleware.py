"""The anonymous page cache: what is stored, what is served, what never is."""

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from accounts.factories import UserFactory
from home.models import HomePage
from pagecache.middleware import PageCacheMiddleware, normalised_query

pytestmark = pytest.mark.django_db


def state(response) -> str:
    return response["X-Page-Cache"]


def test_a_second_anonymous_request_is_a_hit_without_queries(client, home_page, django_assert_num_queries):
    first = client.get("/fr/")
    assert state(first) == "miss"
    # Varnish may keep it; the browser asks again every time (our cache answers fast).
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300"

    with django_assert_num_queries(0):
        second = client.get("/fr/")

    assert state(second) == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    # The security headers of the stored response are served with it.
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


def test_head_is_served_from_the_stored_get(client, home_page):
    get = client.get("/fr/")
    head = client.head("/fr/")
    assert state(head) == "hit"
    assert head.content == b""
    assert head["Content-Length"] == get["Content-Length"]


def test_signed_in_people_are_never_served_or_stored(client, home_page):
    client.get("/fr/")  # stored for anonymous visitors
    client.force_login(UserFactory())

    response = client.get("/fr/")
    assert state(response) == "bypass"
    assert "Se déconnecter" in response.content.decode()
    assert response["Cache-Control"] in ("private, no-cache", "no-cache, private")

    client.logout()
    anonymous = client.get("/fr/")
    assert state(anonymous) == "hit"
    assert "Se déconnecter" not in anonymous.content.decode()


def test_consent_and_language_cookies_do_not_split_the_key(client, home_page):
    client.get("/fr/")
    client.cookies["cookie_consent"] = "garbled"
    client.cookies["django_language"] = "en"
    assert state(client.get("/fr/")) == "hit"


def test_a_messages_cookie_bypasses(client, home_page):
    client.get("/fr/")
    client.cookies["messages"] = "anything"
    assert state(client.get("/fr/")) == "bypass"


def test_a_page_with_a_csrf_form_is_never_stored(client, demo_content):
    first = client.get("/fr/contact/")
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert state(first) == "bypass"
    assert "private" in first["Cache-Control"]
    assert state(client.get("/fr/contact/")) == "bypass"


def _through_middleware(path, view):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return PageCacheMiddleware(view)(request)


def test_a_response_setting_a_cookie_is_never_stored(home_page):
    def sets_a_cookie(request):
        request.resolver_match = resolve("/fr/")
        response = HttpResponse("page")
        response.set_cookie("tracker", "1")
        return response

    response = _through_middleware("/fr/", sets_a_cookie)
    assert state(response) == "bypass"
    assert len(caches["pages"]._cache) == 1  # only the generation number


def test_a_response_showing_messages_is_never_stored(home_page):
    def shows_a_message(request):
        request.resolver_match = resolve("/fr/")
        response = HttpResponse("page")
        CookieStorage(request)._store(["Bienvenue"], response)
        return response

    assert state(_through_middleware("/fr/", shows_a_message)) == "bypass"


def test_private_or_error_responses_are_not_stored(home_page):
    def private(request):
        request.resolver_match = resolve("/fr/")
        response = HttpResponse("page")
        response["Cache-Control"] = "private"
        return response

    assert state(_through_middleware("/fr/", private)) == "bypass"
    assert state(_through_middleware("/fr/", private)) == "bypass"


def test_not_found_is_not_stored(client, home_page):
    assert client.get("/fr/nulle-part/").status_code == 404
    assert state(client.get("/fr/nulle-part/")) == "bypass"


def test_directory_query_strings_are_normalised(client, demo_content):
    first = client.get("/fr/annuaire/?lieu=69&approche=tcc")
    assert first.status_code == 200
    assert state(first) == "miss"
    assert state(client.get("/fr/annuaire/?approche=tcc&lieu=69")) == "hit"
    # Unknown or repeated parameters are never stored (nor served from the cache).
    assert state(client.get("/fr/annuaire/?approche=tcc&utm_source=x")) == "bypass"
    assert state(client.get("/fr/annuaire/?page=1&page=2")) == "bypass"


def test_a_query_string_on_a_page_that_does_not_read_it_is_not_stored(client, home_page):
    assert state(client.get("/fr/?q=x")) == "bypass"
    assert state(client.get("/fr/?q=x")) == "bypass"


def test_normalised_query():
    assert normalised_query("") == ""
    assert normalised_query("b=&approche=tcc") is None
    assert normalised_query("lieu=69&approche=tcc") == "approche=tcc&lieu=69"
    assert normalised_query("q=caf%C3%A9") == "q=caf%C3%A9"
    assert normalised_query("q") is None


def test_a_hard_reload_renders_again(client, home_page):
    client.get("/fr/")
    assert state(client.get("/fr/", HTTP_CACHE_CONTROL="no-cache")) == "miss"
    assert state(client.get("/fr/")) == "hit"


def test_publishing_a_page_shows_the_new_content_at_once(client, home_page):
    assert "Accueil" in client.get("/fr/").content.decode()
    assert state(client.get("/fr/")) == "hit"

    page = HomePage.objects.get(pk=home_page.pk)
    page.title = "Bienvenue chez nous"
    page.save_revision().publish()

    response = client.get("/fr/")
    assert state(response) == "miss"
    assert "Bienvenue chez nous" in response.content.decode()


def test_unpublishing_a_page_removes_it(client, home_page):
    from home.factories import ContentPageFactory

    child = ContentPageFactory(parent=home_page, title="Tarifs", slug="tarifs")
    assert client.get(child.url).status_code == 200
    assert state(client.get(child.url)) == "hit"
    child.unpublish()
    assert client.get(child.url).status_code == 404
