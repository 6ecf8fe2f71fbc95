"""Application documents are private: only holders of the review permission download them, from
the Wagtail admin (the public site's re-acceptance gate does not stand in the way)."""

import re
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from accounts.factories import UserFactory
from accounts.models import User
from legal.factories import ensure_documents, ensure_locales, make_version

from .factories import PDF_BYTES, make_application

INSURANCE_BYTES = PDF_BYTES.replace(b"1.4", b"1.7")


@pytest.fixture
def application(db):
    application = make_application()
    with application.insurance.storage.open(application.insurance.name, "wb") as handle:
        handle.write(INSURANCE_BYTES)
    return application


@pytest.fixture
def new_privacy_version(db):
    """Version 2 of the privacy policy, in force since this morning, requires re-acceptance."""
    ensure_locales()
    ensure_documents()
    make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=300))
    return make_version(
        "privacy_policy", 2, effective_at=timezone.now() - timedelta(hours=2), requires_reacceptance=True
    )


def url(application, kind="diploma"):
    return reverse("practitioner_applications:document", args=[application.pk, kind])


def test_documents_live_in_the_private_storage_outside_public_media(application):
    from django.core.files.storage import storages

    from config.settings import base

    assert application.diploma.storage is storages["private"]
    assert base.STORAGES["private"]["OPTIONS"]["base_url"] is None
    assert not str(base.PRIVATE_MEDIA_ROOT).startswith(str(base.MEDIA_ROOT))
    assert base.MEDIA_URL not in url(application)
    assert url(application).startswith("/admin/")


def test_reviewer_who_has_not_accepted_the_new_privacy_policy_downloads_from_the_admin(
    client, application, reviewer, new_privacy_version
):
    client.force_login(reviewer)
    assert client.get("/fr/").status_code == 302  # the public site sends them to the gate first

    inspect = client.get(reverse("practitioner_applications:inspect", args=[application.pk]))
    links = re.findall(r'href="([^"]*/(?:diploma|insurance)/)"', inspect.content.decode())
    assert len(links) == 2

    diploma = client.get(links[0])
    insurance = client.get(links[1])

    assert diploma.status_code == 200
    assert links == [url(application, "diploma"), url(application, "insurance")]
    assert b"".join(diploma.streaming_content) == PDF_BYTES
    assert b"".join(insurance.streaming_content) == INSURANCE_BYTES
    assert diploma["Content-Type"] == "application/pdf"
    assert diploma["Content-Disposition"].startswith("attachment;")
    assert f"candidature-{application.pk}-diploma.pdf" in diploma["Content-Disposition"]
    assert diploma["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in diploma["Cache-Control"]
    assert diploma["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_an_admin_user_without_the_review_permission_gets_a_404(client, application, editor_without_review):
    client.force_login(editor_without_review)

    for kind in ("diploma", "insurance"):
        response = client.get(url(application, kind))
        assert response.status_code == 404
        assert not response.has_header("Content-Disposition")
        assert PDF_BYTES not in response.content


@pytest.mark.parametrize("who", ["anonymous", "user", "practitioner"])
def test_people_outside_the_admin_are_sent_to_its_login_without_the_file(client, application, who):
    if who == "user":
        client.force_login(UserFactory())
    elif who == "practitioner":
        client.force_login(UserFactory(role=User.Role.PRACTITIONER))

    response = client.get(url(application))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not response.has_header("Content-Disposition")


def test_reviewer_cannot_reach_other_attributes_or_unknown_applications(client, application, reviewer):
    client.force_login(reviewer)

    assert client.get(url(application, "motivation")).status_code == 404
    assert client.get(url(application, "..%2F..%2Fsettings")).status_code == 404
    assert (
        client.get(reverse("practitioner_applications:document", args=[999999, "diploma"])).status_code == 404
    )


def test_the_public_document_url_is_gone(client, application, reviewer):
    client.force_login(reviewer)

    with pytest.raises(NoReverseMatch):
        reverse("practitioners_directory:application_document", args=[application.pk, "diploma"])
    # override: a request to /en/ leaves English active in this thread for the next tests.
    with translation.override("fr"):
        for prefix in ("/fr", "/en"):
            response = client.get(f"{prefix}/candidatures/{application.pk}/pieces/diploma/")
            assert response.status_code == 404
            assert not response.has_header("Content-Disposition")
