"""The directory: search, each filter, order, pagination, constant query count, JSON-LD, sitemap."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practitioners_directory.models import DirectoryPage

from .factories import language, make_practitioner, methodology, theme


def names(response) -> list[str]:
    return [p.full_name for p in response.context["results"]]


@pytest.fixture
def tcc(db):
    return methodology("Thérapie cognitive et comportementale (TCC)", "tcc")


@pytest.fixture
def emdr(db):
    return methodology("EMDR", "emdr")


def test_directory_lists_live_profiles_available_first_then_alphabetically(client, directory, directory_url):
    make_practitioner(directory, first_name="Zoé", last_name="Bernard", accepts_new_patients=False)
    make_practitioner(directory, first_name="Paul", last_name="Roux")
    make_practitioner(directory, first_name="Anne", last_name="Petit")
    draft = make_practitioner(directory, first_name="Jean", last_name="Brouillon")
    draft.unpublish()

    response = client.get(directory_url)

    assert response.status_code == 200
    assert names(response) == ["Anne Petit", "Paul Roux", "Zoé Bernard"]


def test_text_search_matches_name_city_and_methodology(client, directory, directory_url, emdr):
    make_practitioner(
        directory, first_name="Claire", last_name="Fontaine", city="Nantes", postal_code="44000"
    )
    make_practitioner(directory, first_name="Hugo", last_name="Marchand", methodologies=[emdr])
    make_practitioner(directory, first_name="Inès", last_name="Lefèvre")

    assert names(client.get(directory_url, {"q": "Fontaine"})) == ["Claire Fontaine"]
    assert names(client.get(directory_url, {"q": "Nantes"})) == ["Claire Fontaine"]
    assert names(client.get(directory_url, {"q": "EMDR"})) == ["Hugo Marchand"]
    assert names(client.get(directory_url, {"q": "introuvable"})) == []


def test_filter_by_methodology(client, directory, directory_url, tcc, emdr):
    make_practitioner(directory, last_name="Avec", methodologies=[tcc, emdr])
    make_practitioner(directory, last_name="Sans", methodologies=[emdr])

    results = client.get(directory_url, {"approche": "tcc"}).context["results"]
    assert [p.last_name for p in results] == ["Avec"]


def test_filter_by_theme(client, directory, directory_url):
    anxiety = theme("Anxiété", "anxiete")
    make_practitioner(directory, last_name="Anxieux", themes=[anxiety])
    make_practitioner(directory, last_name="Autre")

    assert [p.last_name for p in client.get(directory_url, {"theme": "anxiete"}).context["results"]] == [
        "Anxieux"
    ]


def test_filter_by_language(client, directory, directory_url):
    english = language("Anglais", "anglais", code="en")
    make_practitioner(directory, last_name="Bilingue", languages=[english])
    make_practitioner(directory, last_name="Francophone")

    results = client.get(directory_url, {"langue": "anglais"}).context["results"]
    assert [p.last_name for p in results] == ["Bilingue"]


def test_filter_by_gender(client, directory, directory_url):
    make_practitioner(directory, last_name="Elle", gender="female")
    make_practitioner(directory, last_name="Lui", gender="male")

    assert [p.last_name for p in client.get(directory_url, {"genre": "male"}).context["results"]] == ["Lui"]


def test_filter_by_price_range_in_euros(client, directory, directory_url):
    make_practitioner(directory, last_name="Cinquante", price_cents=5000)
    make_practitioner(directory, last_name="Soixante", price_cents=6000)
    make_practitioner(directory, last_name="Quatrevingt", price_cents=8000)

    response = client.get(directory_url, {"prix_min": "55", "prix_max": "70"})
    assert [p.last_name for p in response.context["results"]] == ["Soixante"]


def test_filter_by_postal_code_or_department(client, directory, directory_url):
    make_practitioner(directory, last_name="Lyon", city="Lyon", postal_code="69003")
    make_practitioner(directory, last_name="Villeurbanne", city="Villeurbanne", postal_code="69100")
    make_practitioner(directory, last_name="Ajaccio", city="Ajaccio", postal_code="20000")

    assert [p.last_name for p in client.get(directory_url, {"lieu": "69100"}).context["results"]] == [
        "Villeurbanne"
    ]
    assert [p.last_name for p in client.get(directory_url, {"lieu": "69"}).context["results"]] == [
        "Lyon",
        "Villeurbanne",
    ]
    assert [p.last_name for p in client.get(directory_url, {"lieu": "2a"}).context["results"]] == ["Ajaccio"]


def test_filters_combine_with_text_search(client, directory, directory_url, tcc):
    make_practitioner(directory, last_name="Garnier", city="Lille", postal_code="59000", methodologies=[tcc])
    make_practitioner(directory, last_name="Garnier-Bis", city="Lille", postal_code="59000")

    response = client.get(directory_url, {"q": "Lille", "approche": "tcc"})
    assert [p.last_name for p in response.context["results"]] == ["Garnier"]


def test_invalid_filter_shows_a_message_and_is_ignored(client, directory, directory_url):
    make_practitioner(directory, last_name="Visible")

    response = client.get(directory_url, {"lieu": "abc", "prix_min": "beaucoup"})
    inverted = client.get(directory_url, {"prix_min": "10", "prix_max": "5"})

    assert response.status_code == 200
    assert [p.last_name for p in response.context["results"]] == ["Visible"]
    assert "Saisissez un code postal à 5 chiffres" in response.content.decode()
    assert [p.last_name for p in inverted.context["results"]] == ["Visible"]
    assert "Le tarif maximum doit être supérieur" in inverted.content.decode()


def test_pagination_keeps_filters_in_shareable_links(client, directory, directory_url, monkeypatch, tcc):
    monkeypatch.setattr(DirectoryPage, "results_per_page", 2)
    for n in range(5):
        make_practitioner(directory, last_name=f"Nom{n}", methodologies=[tcc])
    make_practitioner(directory, last_name="HorsFiltre")

    first = client.get(directory_url, {"approche": "tcc"})
    third = client.get(directory_url, {"approche": "tcc", "page": "3"})
    beyond = client.get(directory_url, {"approche": "tcc", "page": "99"})

    assert [p.last_name for p in first.context["results"]] == ["Nom0", "Nom1"]
    assert 'href="?approche=tcc&amp;page=2"' in first.content.decode()
    assert [p.last_name for p in third.context["results"]] == ["Nom4"]
    assert [p.last_name for p in beyond.context["results"]] == ["Nom4"]  # last page, not an error


def _queries_for(client, url) -> int:
    client.get(url)  # warm-up: renditions are generated once, then read
    with CaptureQueriesContext(connection) as ctx:
        # Rendered again, not served by the page cache (pagecache): the rendering is measured.
        response = client.get(url, HTTP_CACHE_CONTROL="no-cache")
    assert response.status_code == 200
    return len(ctx), len(response.context["results"])


def test_query_count_is_the_same_for_10_and_200_profiles_shown(
    client, directory, directory_url, monkeypatch, settings, tcc, emdr
):
    # Local memory cache culls at 300 entries by default (Redis does not): room for 400 renditions.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "query-count",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "qc-pages"},
    }
    monkeypatch.setattr(DirectoryPage, "results_per_page", 500)
    for n in range(10):
        make_practitioner(directory, last_name=f"A{n:03d}", methodologies=[tcc, emdr])
    queries_10, shown_10 = _queries_for(client, directory_url)
    filtered_10, _ = _queries_for(client, directory_url + "?approche=tcc&prix_max=90")

    for n in range(190):
        make_practitioner(directory, last_name=f"B{n:03d}", methodologies=[tcc])
    queries_200, shown_200 = _queries_for(client, directory_url)
    filtered_200, _ = _queries_for(client, directory_url + "?approche=tcc&prix_max=90")

    assert (shown_10, shown_200) == (10, 200)
    assert queries_200 == queries_10
    assert filtered_200 == filtered_10
    assert queries_10 < 25


def test_profile_page_has_schema_org_json_ld(client, directory, tcc):
    page = make_practitioner(
        directory,
        first_name="Léa",
        last_name="Moreau",
        methodologies=[tcc],
        price_cents=6500,
        rpps="10009876543",
    )

    response = client.get(page.get_url())

    assert response.status_code == 200
    content = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Person"
    assert data["name"] == "Léa Moreau"
    assert data["makesOffer"]["price"] == "65.00"
    assert data["makesOffer"]["priceCurrency"] == "EUR"
    assert data["identifier"]["value"] == "10009876543"
    assert "Thérapie cognitive et comportementale (TCC)" in data["knowsAbout"]
    assert "65 €" in content


def test_json_ld_cannot_break_out_of_its_script_element(client, directory):
    page = make_practitioner(directory, short_bio="</script><script>alert(1)</script>")

    content = client.get(page.get_url()).content.decode()

    assert "<script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in content


def test_sitemap_lists_profiles(client, directory):
    page = make_practitioner(directory, last_name="Sitemap")
    hidden = make_practitioner(directory, last_name="Brouillon")
    hidden.unpublish()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    content = response.content.decode()
    assert page.get_full_url() in content
    assert directory.get_full_url() in content
    assert hidden.get_full_url() not in content
