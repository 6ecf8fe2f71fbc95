"""Leaner pages for signed-in people and on a miss: the chrome and a page's blocks are rendered
once per generation (pagecache.fragments, {% fragment %}), the legal state is read once per
request, and the Wagtail userbar costs nothing to people who cannot edit."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.db.models import Max
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from home.models import HomePage
from legal import selectors as legal_selectors
from legal.factories import make_version
from legal.models import PolicyVersion
from legal.services import record_acceptance
from pagecache import generation
from pagecache.fragments import _MISSING, local_tier

pytestmark = pytest.mark.django_db

RENDER = {"HTTP_CACHE_CONTROL": "no-cache"}
FRAGMENT = Template('{% load pagecache_tags %}{% fragment "test" part %}{{ counter }}{% endfragment %}')


class Counter:
    """Renders as the number of times it was rendered."""

    def __init__(self):
        self._numbers = itertools.count(1)

    def __str__(self):
        return str(next(self._numbers))


def render(counter, *, part="a", preview=False) -> str:
    request = RequestFactory().get("/fr/")
    request.is_preview = preview
    return FRAGMENT.render(Context({"request": request, "counter": counter, "part": part}))


def test_a_fragment_is_rendered_once_per_generation(home_page):
    counter = Counter()
    assert render(counter) == "1"
    assert render(counter) == "1"
    assert render(counter, part="b") == "2"  # each part its own markup

    generation.bump()
    assert render(counter) == "3"


def test_another_process_bumping_the_generation_is_seen_by_this_process(home_page):
    counter = Counter()
    render(counter)
    # What another process does: only the shared number changes, this process's copy stays.
    store = caches[generation.CACHE_ALIAS]
    store.incr(generation.GENERATION_KEY)
    assert render(counter) == "2"


def test_a_preview_is_rendered_afresh(home_page):
    counter = Counter()
    render(counter)
    assert render(counter, preview=True) == "2"
    assert render(counter, preview=True) == "3"


def test_a_request_that_started_before_a_bump_does_not_store_over_the_new_generation(home_page):
    counter = Counter()
    old = generation.current(None)
    generation.bump()
    assert render(counter) == "1"
    local_tier.set(old, "pagecache:fragment:late", "old markup")
    assert local_tier.get(old, "pagecache:fragment:late") is _MISSING
    assert render(counter) == "1"


@pytest.fixture
def person(demo_content):
    return User.objects.get(email="utilisateur@psyconsult.example")


@pytest.fixture
def editor(demo_content):
    """The demo editor, with the documents in force accepted (past the gate)."""
    editor = User.objects.get(email="editeur@psyconsult.example")
    state = legal_selectors.legal_state()
    pending, _announced = legal_selectors.evaluate(
        state, legal_selectors.accepted_numbers(editor), is_practitioner=False
    )
    for _doc, info in pending:
        version = PolicyVersion.objects.get(pk=legal_selectors.id_for_language(info, "fr"))
        record_acceptance(version=version, context="reacceptance", user=editor)
    return editor


def queries_of(client, path) -> list[str]:
    client.get(path, **RENDER)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **RENDER)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def test_a_signed_in_page_reads_only_the_session_the_person_and_the_page(client, person):
    client.force_login(person)
    sql = queries_of(client, "/fr/")
    print(*sql, sep="\n")
    assert len(sql) <= 8
    assert not [q for q in sql if "auth_permission" in q], "no permission queries for the userbar"


def test_the_editor_gets_the_userbar_and_the_person_does_not(client, person, editor):
    client.force_login(editor)
    assert "wagtail-userbar" in client.get("/fr/", **RENDER).content.decode()
    client.force_login(person)
    assert "wagtail-userbar" not in client.get("/fr/", **RENDER).content.decode()


def test_an_editor_whose_access_is_taken_away_loses_the_userbar_at_once(client, editor):
    client.force_login(editor)
    assert "wagtail-userbar" in client.get("/fr/", **RENDER).content.decode()
    editor.groups.clear()
    editor.user_permissions.clear()
    editor.is_superuser = False
    editor.save()
    assert "wagtail-userbar" not in client.get("/fr/", **RENDER).content.decode()


def test_the_banner_sends_each_page_back_to_itself_escaped(client, demo_content):
    directory = client.get("/fr/annuaire/?q=lyon&page=1").content.decode()
    assert 'name="next" value="/fr/annuaire/?q=lyon&amp;page=1"' in directory
    home = client.get("/fr/").content.decode()
    assert 'name="next" value="/fr/"' in home


def test_a_published_page_body_is_shown_to_signed_in_people_at_once(client, person):
    home_page = HomePage.objects.get(locale__language_code="fr")
    client.force_login(person)
    client.get("/fr/", **RENDER)
    home_page.body = [("rich_text", "<p>Un texte tout neuf pour la page d’accueil.</p>")]
    home_page.save_revision().publish()
    assert "Un texte tout neuf" in client.get("/fr/").content.decode()


def test_a_draft_preview_is_not_the_cached_body(client, home_page):
    client.get("/fr/", **RENDER)  # the live body's markup is now stored
    home_page.body = [("rich_text", "<p>Brouillon pas encore publié.</p>")]
    home_page.save_revision()

    preview = home_page.make_preview_request()
    assert "Brouillon pas encore publié" in preview.content.decode()
    assert "Brouillon pas encore publié" not in client.get("/fr/", **RENDER).content.decode()


def test_a_cookie_policy_taking_effect_changes_stored_pages_without_any_save(client, demo_content):
    latest = PolicyVersion.objects.filter(document__kind="cookie_policy").aggregate(n=Max("number"))["n"]
    effective_at = timezone.now() + timedelta(minutes=2)
    upcoming = make_version("cookie_policy", latest + 1, effective_at=effective_at)
    with translation.override("fr"):
        link = reverse("legal:version", args=[upcoming.document.slug, upcoming.number])

    first = client.get("/fr/")
    assert link not in first.content.decode()
    # Stored (by this cache and by Varnish) only until the version takes effect.
    max_age = int(first["Cache-Control"].split("s-maxage=")[1])
    assert 0 < max_age <= 120

    with time_machine.travel(effective_at + timedelta(seconds=1)):
        response = client.get("/fr/")
    assert link in response.content.decode()  # the banner's and the footer's links


def test_pages_showing_free_slots_are_stored_for_a_minute_at_most(client, demo_content):
    response = client.get("/fr/annuaire/")
    assert response["X-Page-Cache"] == "miss"
    assert int(response["Cache-Control"].split("s-maxage=")[1]) <= 60


def test_replacing_an_image_invalidates_stored_pages(client, home_page):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Portrait", file=get_test_image_file())
    client.get("/fr/")
    assert client.get("/fr/")["X-Page-Cache"] == "hit"
    image.file = get_test_image_file(filename="nouveau.png")
    image.save()
    assert client.get("/fr/")["X-Page-Cache"] == "miss"


def test_a_published_profile_change_reaches_the_directory_card(client, bookable):
    """The card's facts are cached markup; the next slot beside them is not."""
    directory_url = bookable.pages.get().get_parent().url
    page = bookable.pages.get().specific
    assert "Moreau" in client.get(directory_url, **RENDER).content.decode()
    page.last_name = "Moreau-Lambert"
    page.save_revision().publish()
    assert "Moreau-Lambert" in client.get(directory_url, **RENDER).content.decode()
