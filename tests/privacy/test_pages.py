"""The "Mes données" hub and the access page: the person's own data, readable, in their time
zone and the page's language, reachable while a re-acceptance is pending."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from legal.factories import make_version
from legal.middleware import exempt_prefixes, is_exempt
from legal.selectors import invalidate_legal_state

pytestmark = [pytest.mark.postgres]

ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def test_the_hub_links_to_the_access_page_and_the_download(world, client):
    client.force_login(world["alpha"].user)
    page = client.get("/fr/mon-compte/mes-donnees/").content.decode()
    assert reverse("privacy:access") in page
    assert reverse("privacy:portability") in page


def test_the_pages_need_a_signed_in_person(db, client):
    for name in ("privacy:hub", "privacy:access", "privacy:portability"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_access_page_shows_everything_readably(world, client):
    alpha, beta = world["alpha"], world["beta"]
    user = alpha.user
    user.time_zone = "Pacific/Noumea"
    user.save(update_fields=["time_zone"])
    client.force_login(user)
    response = client.get(reverse("privacy:access"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    page = page[page.index("<main") : page.index("</main>")]  # not the cookie banner's data
    for text in (
        "Vos rendez-vous",
        alpha.reason,
        "Terminé",  # the status's label, not its code
        "60,00 €",  # cents as euros
        "Vos paiements",
        "Vos acceptations des documents légaux",
        "Vos choix de cookies",
        "Vos messages de contact",
        alpha.contact_text,
        "Vos candidatures de praticien",
        alpha.phone,
        "Qui a consulté vos données",
        "Support : question sur un remboursement",
        "Sam Support (équipe de la plateforme)",
    ):
        assert text in page, text
    assert not ISO_TIMESTAMP.search(page)
    assert "None" not in page
    assert "completed" not in page
    # The past appointment's start, in Nouméa's time (UTC+11), as French dates are written.
    past = user.appointments.get(status="completed")
    local = timezone.localtime(past.start, timezone=ZoneInfo("Pacific/Noumea"))
    assert f"{local:%H:%M}" in page
    assert beta.reason not in page
    assert beta.email not in page


def test_the_access_page_speaks_english_under_en(world, client):
    client.force_login(world["alpha"].user)
    page = client.get("/en/mon-compte/mes-donnees/acces/").content.decode()
    assert 'lang="en"' in page


def test_the_privacy_centre_is_exempt_from_the_reacceptance_gate(world, client):
    exempt_prefixes.cache_clear()
    assert is_exempt("/fr/mon-compte/mes-donnees/acces/")
    assert is_exempt("/en/mon-compte/mes-donnees/portabilite/")
    assert not is_exempt("/fr/mon-compte/")
    # A new privacy policy to re-accept: the account is gated, its data is not.
    make_version(
        "privacy_policy", 2, effective_at=timezone.now() - timedelta(hours=1), requires_reacceptance=True
    )
    invalidate_legal_state()
    client.force_login(world["alpha"].user)
    assert client.get("/fr/mon-compte/").status_code == 302
    assert client.get("/fr/mon-compte/mes-donnees/").status_code == 200
    assert client.get("/fr/mon-compte/mes-donnees/acces/").status_code == 200


def test_the_profile_links_to_my_data(world, client):
    client.force_login(world["alpha"].user)
    assert reverse("privacy:hub") in client.get(reverse("accounts:profile")).content.decode()
