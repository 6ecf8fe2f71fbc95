"""Acceptance checkboxes for signup (and later booking/application forms)."""

from datetime import timedelta

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import timezone, translation

from legal.factories import make_version
from legal.forms import PRACTITIONER_KINDS, LegalAcceptanceFormMixin
from legal.models import Acceptance


class DemoSignupForm(LegalAcceptanceFormMixin, forms.Form):
    email = forms.EmailField()


class DemoPractitionerForm(DemoSignupForm):
    legal_acceptance_kinds = PRACTITIONER_KINDS
    legal_acceptance_context = Acceptance.Context.APPLICATION


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def _data(form, **overrides):
    data = {"email": "a@example.fr"}
    for kind, version in form._legal_versions.items():
        data[f"accept_{kind}"] = "on"
        data[f"accept_{kind}_version"] = str(version.pk)
    data.update(overrides)
    return data


def test_two_separate_unticked_checkboxes_link_to_the_exact_versions(privacy_v1, terms_v1):
    form = DemoSignupForm()
    html = form.as_p()
    assert html.count('type="checkbox"') == 2
    assert "checked" not in html
    assert "/fr/informations-legales/politique-de-confidentialite/v1/" in html
    assert "/fr/informations-legales/conditions-generales-utilisation/v1/" in html


def test_both_checkboxes_are_mandatory(privacy_v1, terms_v1):
    form = DemoSignupForm(data=_data(DemoSignupForm(), accept_privacy_policy=""))
    assert not form.is_valid()
    assert "accept_privacy_policy" in form.errors
    assert "accept_terms_of_use" not in form.errors


def test_accepted_documents_are_recorded_with_context_signup(privacy_v1, terms_v1, user):
    form = DemoSignupForm(data=_data(DemoSignupForm()))
    assert form.is_valid(), form.errors
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.20")
    form.record_legal_acceptances(request=request, user=user)
    rows = Acceptance.objects.filter(user=user)
    assert {(r.document.kind, r.version_number, r.context) for r in rows} == {
        ("privacy_policy", 1, "signup"),
        ("terms_of_use", 1, "signup"),
    }
    assert {r.ip_network for r in rows} == {"198.51.100.0/24"}


def test_a_version_published_between_display_and_submit_must_be_read_again(privacy_v1, terms_v1):
    shown = _data(DemoSignupForm())
    make_version("privacy_policy", 2, effective_at=timezone.now() - timedelta(seconds=1))
    form = DemoSignupForm(data=shown)
    assert not form.is_valid()
    assert "mis à jour" in str(form.errors["accept_privacy_policy"])
    html = form.as_p()
    assert "/fr/informations-legales/politique-de-confidentialite/v2/" in html
    # The re-rendered form now carries the new version: ticking again is enough.
    assert DemoSignupForm(data=_data(DemoSignupForm())).is_valid()


def test_practitioners_also_accept_the_practitioner_terms(privacy_v1, terms_v1, user):
    make_version("practitioner_terms", 1)
    form = DemoPractitionerForm(data=_data(DemoPractitionerForm()))
    assert "accept_practitioner_terms" in form.fields
    assert form.is_valid(), form.errors
    form.record_legal_acceptances(request=None, user=user)
    assert Acceptance.objects.filter(user=user, context="application").count() == 3


def test_no_published_document_means_no_checkbox(documents):
    assert not any(name.startswith("accept_") for name in DemoSignupForm().fields)
