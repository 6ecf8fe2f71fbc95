"""The demo: the DPO finds an open and an overdue request and may handle them."""

import pytest

from privacy.demo import DPO_EMAIL
from privacy_requests import selectors
from privacy_requests.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


def test_the_demo_dpo_handles_an_open_and_an_overdue_request(client, demo_content):
    from accounts.models import User

    requests = DataSubjectRequest.objects.all()
    assert requests.count() == 2
    assert selectors.counts() == {"open": 2, "overdue": 1}
    dpo = User.objects.get(email=DPO_EMAIL)
    for codename in ("view", "add", "change"):
        assert dpo.has_perm(f"privacy_requests.{codename}_datasubjectrequest")
    assert not dpo.has_perm("privacy_requests.delete_datasubjectrequest")

    client.force_login(dpo)
    html = client.get("/admin/").content.decode()
    assert "2 demandes en attente de réponse" in html
    listing = client.get("/admin/donnees/demandes/").content.decode()
    assert listing.count("privacy-request--overdue") == 1
    overdue = selectors.overdue_requests().get()
    assert client.get(f"/admin/donnees/demandes/inspect/{overdue.pk}/").status_code == 200


def test_loading_the_demo_again_adds_no_request(demo_content):
    import io

    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    assert DataSubjectRequest.objects.count() == 2


def test_the_admin_pages_read_like_french_without_raw_values(client, demo_content):
    from accounts.models import User
    from tests.test_translations import RAW_VALUES, _visible_text

    client.force_login(User.objects.get(email=DPO_EMAIL))
    base = "/admin/donnees/demandes/"
    pages = [base, f"{base}new/"]
    for dsr in DataSubjectRequest.objects.all():
        pages += [f"{base}inspect/{dsr.pk}/", f"{base}edit/{dsr.pk}/"]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        assert RAW_VALUES.findall(text) == [], url
        assert "None" not in text.split("\n"), url
