"""Application documents are private: only holders of the review permission can download them."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import User

from .factories import PDF_BYTES, make_application


@pytest.fixture
def application(db):
    return make_application()


def url(application, kind="diploma"):
    return reverse("practitioners_directory:application_document", args=[application.pk, kind])


def test_documents_live_in_the_private_storage_outside_public_media(application):
    from django.core.files.storage import storages

    from config.settings import base

    assert application.diploma.storage is storages["private"]
    assert base.STORAGES["private"]["OPTIONS"]["base_url"] is None
    assert not str(base.PRIVATE_MEDIA_ROOT).startswith(str(base.MEDIA_ROOT))
    assert base.MEDIA_URL not in url(application)


@pytest.mark.parametrize("who", ["anonymous", "user", "practitioner", "editor_without_permission"])
def test_document_is_refused_to_anyone_without_the_review_permission(
    client, application, editor_without_review, who
):
    if who == "user":
        client.force_login(UserFactory())
    elif who == "practitioner":
        client.force_login(UserFactory(role=User.Role.PRACTITIONER))
    elif who == "editor_without_permission":
        client.force_login(editor_without_review)

    for kind in ("diploma", "insurance"):
        response = client.get(url(application, kind))
        assert response.status_code == 404
        assert not response.has_header("Content-Disposition")
        assert PDF_BYTES not in response.content


def test_reviewer_downloads_the_file_as_an_attachment(client, application, reviewer):
    client.force_login(reviewer)

    response = client.get(url(application))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"candidature-{application.pk}-diploma.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_reviewer_cannot_reach_other_attributes_or_unknown_applications(client, application, reviewer):
    client.force_login(reviewer)

    assert client.get(url(application, "motivation")).status_code == 404
    assert client.get(url(application, "..%2F..%2Fsettings")).status_code == 404
    assert (
        client.get(
            reverse("practitioners_directory:application_document", args=[999999, "diploma"])
        ).status_code
        == 404
    )
