"""The public application form: validation messages, private storage, legal ledger, receipt e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from django.utils import timezone

from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance
from legal.selectors import invalidate_legal_state
from practitioners_directory.models import PractitionerApplication
from practitioners_directory.validators import DOCUMENT_MAX_BYTES

from .factories import PDF_BYTES, document, jpeg_bytes, methodology, png_bytes

URL = "/fr/candidature/"


@pytest.fixture
def legal_texts(db):
    ensure_locales()
    ensure_documents()
    past = timezone.now() - timedelta(days=30)
    versions = {
        "practitioner_terms": make_version("practitioner_terms", 1, effective_at=past),
        "privacy_policy": make_version("privacy_policy", 1, effective_at=past),
    }
    invalidate_legal_state()
    return versions


def valid_data(legal_texts, **overrides):
    tcc = methodology("TCC", "tcc")
    data = {
        "first_name": "Nina",
        "last_name": "Roussel",
        "gender": "female",
        "email": "Nina.Roussel@Example.fr",
        "phone": "06 12 34 56 78",
        "postal_code": "33000",
        "city": "Bordeaux",
        "professional_title": "Psychologue clinicienne",
        "rpps": "100 012 345 67",
        "adeli": "",
        "methodologies": [str(tcc.pk)],
        "motivation": "Je consulte depuis dix ans et souhaite proposer la téléconsultation.",
        "diploma": document("diplome.pdf", PDF_BYTES),
        "insurance": document("assurance.png", png_bytes(), "image/png"),
        "accept_practitioner_terms": "on",
        "accept_privacy_policy": "on",
        "accept_practitioner_terms_version": str(legal_texts["practitioner_terms"].pk),
        "accept_privacy_policy_version": str(legal_texts["privacy_policy"].pk),
    }
    data.update(overrides)
    return data


def test_form_shows_the_texts_to_accept_and_marks_required_fields(client, legal_texts):
    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Les champs marqués d’un astérisque (*) sont obligatoires." in content
    assert 'enctype="multipart/form-data"' in content
    assert f'value="{legal_texts["practitioner_terms"].pk}"' in content


def test_valid_application_is_stored_privately_and_acknowledged(
    client, legal_texts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(legal_texts))

    assert response.status_code == 302
    assert response["Location"] == reverse("practitioners_directory:application_thanks")
    application = PractitionerApplication.objects.get()
    assert application.status == PractitionerApplication.Status.SUBMITTED
    assert application.email == "nina.roussel@example.fr"
    assert application.rpps == "10001234567"
    assert application.language == "fr"
    assert [m.slug for m in application.methodologies.all()] == ["tcc"]
    # The stored name comes from the detected type, never from the applicant's file name.
    assert application.diploma.name.endswith(".pdf")
    assert "diplome" not in application.diploma.name
    assert application.insurance.name.endswith(".png")
    assert storages["private"].exists(application.diploma.name)
    assert not default_storage.exists(application.diploma.name)
    accepted = Acceptance.objects.filter(consent_id=application.consent_id, context="application")
    assert {a.document.kind for a in accepted} == {"practitioner_terms", "privacy_policy"}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nina.roussel@example.fr"]
    assert "bien été reçue" in mail.outbox[0].subject


def test_a_file_whose_name_lies_about_its_type_is_refused(client, legal_texts):
    fake_pdf = document("diplome.pdf", b"MZ\x90\x00 not a pdf at all" * 20, "application/pdf")

    response = client.post(URL, valid_data(legal_texts, diploma=fake_pdf))

    assert response.status_code == 400
    assert "n’est ni un PDF, ni une image JPEG ou PNG" in response.content.decode()
    assert not PractitionerApplication.objects.exists()


def test_an_html_file_renamed_jpg_is_refused(client, legal_texts):
    html = document("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")

    response = client.post(URL, valid_data(legal_texts, insurance=html))

    assert response.status_code == 400
    assert "insurance" in response.context["form"].errors


def test_a_real_jpeg_is_accepted_whatever_its_name(client, legal_texts):
    response = client.post(URL, valid_data(legal_texts, diploma=document("scan.bin", jpeg_bytes(), "x/y")))

    assert response.status_code == 302
    assert PractitionerApplication.objects.get().diploma.name.endswith(".jpg")


def test_an_oversized_file_is_refused_with_its_size(client, legal_texts):
    big = document("diplome.pdf", PDF_BYTES + b"0" * DOCUMENT_MAX_BYTES, "application/pdf")

    response = client.post(URL, valid_data(legal_texts, diploma=big))

    assert response.status_code == 400
    assert "la taille maximale est de 10" in response.content.decode()
    assert not PractitionerApplication.objects.exists()


@pytest.mark.parametrize("rpps", ["12345", "1000123456A", "100012345678"])
def test_an_invalid_rpps_is_refused_with_the_expected_format(client, legal_texts, rpps):
    response = client.post(URL, valid_data(legal_texts, rpps=rpps))

    assert response.status_code == 400
    assert response.context["form"].errors["rpps"] == [
        "Le numéro RPPS comporte exactement 11 chiffres, par exemple 10001234567."
    ]


def test_adeli_alone_is_enough_but_one_number_is_required(client, legal_texts):
    neither = client.post(URL, valid_data(legal_texts, rpps="", adeli=""))
    bad_adeli = client.post(URL, valid_data(legal_texts, rpps="", adeli="12"))
    adeli_only = client.post(URL, valid_data(legal_texts, rpps="", adeli="759312345"))

    assert neither.status_code == 400
    assert "Indiquez un numéro RPPS" in neither.context["form"].errors["rpps"][0]
    assert "9 chiffres" in bad_adeli.context["form"].errors["adeli"][0]
    assert adeli_only.status_code == 302


def test_missing_mandatory_fields_are_each_reported(client, legal_texts):
    response = client.post(URL, {})

    assert response.status_code == 400
    errors = response.context["form"].errors
    for field in (
        "first_name",
        "last_name",
        "gender",
        "email",
        "postal_code",
        "city",
        "professional_title",
        "motivation",
        "diploma",
        "insurance",
        "accept_practitioner_terms",
        "accept_privacy_policy",
    ):
        assert field in errors, field
    assert "Cochez cette case pour accepter ce document." in errors["accept_practitioner_terms"]
    assert not PractitionerApplication.objects.exists()


def test_a_text_published_while_filling_in_must_be_read_again(client, legal_texts):
    data = valid_data(legal_texts)
    make_version("practitioner_terms", 2, effective_at=timezone.now() - timedelta(minutes=1))
    invalidate_legal_state()

    response = client.post(URL, data)

    assert response.status_code == 400
    assert "Ce document vient d’être mis à jour" in response.content.decode()
    assert not PractitionerApplication.objects.exists()
    assert not Acceptance.objects.filter(context="application").exists()


def test_applications_are_closed_while_a_text_is_missing(client, db):
    ensure_locales()
    ensure_documents()
    invalidate_legal_state()

    response = client.get(URL)

    assert "Les candidatures sont momentanément fermées" in response.content.decode()


def test_applications_are_rate_limited_per_client_with_a_clear_429(client, legal_texts, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "practitioner_application": "2/h/ip"}
    invalid = {"first_name": "Nina"}  # refused by validation: still counted, the uploads were received

    statuses = [client.post(URL, invalid).status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    response = client.post(URL, valid_data(legal_texts))
    assert response.status_code == 429
    assert "Nous avons reçu trop de demandes en peu de temps" in response.content.decode()
    assert not PractitionerApplication.objects.exists()
    assert client.get(URL).status_code == 200  # reading the form is never limited
