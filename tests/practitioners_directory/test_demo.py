"""Demo content: credible profiles, generated images, applications, fast idempotent bulk profiles."""

import io
import time

import pytest
from wagtail.images import get_image_model
from wagtail.models import Locale

from practitioners_directory import demo
from practitioners_directory.models import DirectoryPage, PractitionerApplication, PractitionerPage


@pytest.fixture
def small(monkeypatch):
    """Fewer hand-written profiles where the test is about something else (each one is published
    with a revision and translated, the slow part of the demo)."""
    monkeypatch.setattr(demo, "CURATED_COUNT", 4)


@pytest.fixture
def loaded(site_root):
    english_home = site_root.copy_for_translation(Locale.objects.get(language_code="en"))
    english_home.save_revision().publish()
    out = io.StringIO()
    started = time.monotonic()
    lines = demo.load(stdout=out, options={"practitioners": 60})
    return {"lines": lines, "seconds": time.monotonic() - started, "out": out.getvalue()}


def test_demo_creates_the_directory_profiles_and_applications(loaded, client):
    directory = DirectoryPage.objects.get(locale__language_code="fr")
    french = PractitionerPage.objects.filter(locale__language_code="fr")
    assert french.live().count() == demo.CURATED_COUNT + 60
    assert PractitionerPage.objects.filter(locale__language_code="en").count() == demo.CURATED_COUNT
    assert french.exclude(photo=None).count() == french.count()
    assert french.values("city").distinct().count() >= 15
    assert french.values("price_cents").distinct().count() >= 5
    assert {a.status for a in PractitionerApplication.objects.all()} == {
        "submitted",
        "in_review",
        "approved",
        "rejected",
    }
    assert get_image_model().objects.filter(title__startswith="Portrait démo").exists()
    assert any(demo.DEMO_PRACTITIONER_EMAIL in line for line in loaded["lines"])

    response = client.get(directory.get_url())
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == demo.CURATED_COUNT + 60


def test_bulk_profiles_are_searchable_and_filterable(small, loaded, client):
    directory = DirectoryPage.objects.get(locale__language_code="fr")
    bulk = PractitionerPage.objects.filter(slug__endswith="-60").get()
    method = bulk.methodologies.first()

    by_name = client.get(directory.get_url(), {"q": bulk.last_name, "lieu": bulk.postal_code})
    by_method = client.get(directory.get_url(), {"approche": method.slug, "lieu": bulk.department})

    assert bulk.pk in [p.pk for p in by_name.context["page_obj"].paginator.object_list]
    assert bulk.pk in [p.pk for p in by_method.context["page_obj"].paginator.object_list]
    assert client.get(bulk.get_url()).status_code == 200


def test_loading_again_changes_nothing(small, loaded):
    counts = (PractitionerPage.objects.count(), PractitionerApplication.objects.count())

    demo.load(stdout=io.StringIO(), options={"practitioners": 60})

    assert (PractitionerPage.objects.count(), PractitionerApplication.objects.count()) == counts


def test_a_thousand_profiles_load_in_well_under_a_minute(small, loaded):
    started = time.monotonic()
    demo.load(stdout=io.StringIO(), options={"practitioners": 1000})

    assert PractitionerPage.objects.filter(locale__language_code="fr").count() == demo.CURATED_COUNT + 1000
    assert time.monotonic() - started < 60
