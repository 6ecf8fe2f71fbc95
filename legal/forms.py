"""Forms: accepting a version, and the acceptance checkboxes other forms (signup...) embed."""

import logging

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import Acceptance, LegalDocument, PolicyVersion, kinds_for

logger = logging.getLogger(__name__)

# What each form asks to accept: signup binds a person (legal.models.kinds_for decides), an
# application binds the applicant to the practitioners' terms and the privacy policy.
SIGNUP_KINDS = kinds_for(is_practitioner=False)
PRACTITIONER_KINDS = kinds_for(is_practitioner=True)
APPLICATION_KINDS = (LegalDocument.Kind.PRACTITIONER_TERMS, LegalDocument.Kind.PRIVACY_POLICY)

_CHECKBOX_LABELS = {
    LegalDocument.Kind.TERMS_OF_USE: _("J’ai lu et j’accepte les {link} (version {number})."),
    LegalDocument.Kind.PRIVACY_POLICY: _("J’ai lu et j’accepte la {link} (version {number})."),
    LegalDocument.Kind.PRACTITIONER_TERMS: _("J’ai lu et j’accepte les {link} (version {number})."),
}
_LINK_TEXTS = {
    LegalDocument.Kind.TERMS_OF_USE: _("conditions générales d’utilisation"),
    LegalDocument.Kind.PRIVACY_POLICY: _("politique de confidentialité"),
    LegalDocument.Kind.PRACTITIONER_TERMS: _("conditions générales des praticiens"),
}


class AcceptForm(forms.Form):
    """The posted acceptance of one version (re-acceptance page)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text_sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _checkbox_label(kind: str, version: PolicyVersion):
    url = reverse("legal:version", args=[version.document.slug, version.number])
    link = format_html(
        '<a href="{}" target="_blank" rel="noopener">{}<span class="visually-hidden"> {}</span></a>',
        url,
        _LINK_TEXTS[kind],
        _("(s’ouvre dans un nouvel onglet)"),
    )
    return format_html(str(_CHECKBOX_LABELS[kind]), link=link, number=version.number)


def add_acceptance_fields(form, *, kinds=SIGNUP_KINDS) -> None:
    """Add one unticked, mandatory checkbox per document, each linking to the exact version shown.

    A hidden field remembers which version was shown, so a version published between display
    and submission is detected (see `clean_acceptance_fields`).
    """
    form._legal_versions = {}
    for kind in kinds:
        version = selectors.current_version_for_kind(str(kind))
        if version is None:
            logger.warning("legal: no version in force for %s, signup does not ask for it", kind)
            continue
        form._legal_versions[str(kind)] = version
        form.fields[f"accept_{kind}"] = forms.BooleanField(
            label=_checkbox_label(kind, version),
            required=True,
            initial=False,
            error_messages={"required": _("Cochez cette case pour accepter ce document.")},
        )
        form.fields[f"accept_{kind}_version"] = forms.IntegerField(
            widget=forms.HiddenInput, initial=version.pk, required=False
        )


def clean_acceptance_fields(form) -> None:
    """If the version shown is no longer the one in force, ask to read the new one and tick again."""
    for kind, version in getattr(form, "_legal_versions", {}).items():
        shown = form.cleaned_data.get(f"accept_{kind}_version")
        if shown == version.pk:
            continue
        data = form.data.copy()
        data[form.add_prefix(f"accept_{kind}_version")] = version.pk
        data.pop(form.add_prefix(f"accept_{kind}"), None)
        form.data = data
        form.add_error(
            f"accept_{kind}",
            _("Ce document vient d’être mis à jour : lisez la nouvelle version, puis cochez de nouveau."),
        )


def record_form_acceptances(
    form,
    *,
    request,
    user=None,
    consent_id: str | None = None,
    context: str = Acceptance.Context.SIGNUP,
    strict: bool = False,
) -> None:
    """Record every document ticked in `form`, for `user` or, before any account exists, for
    `consent_id`. Call it once the person (or the application) is saved.

    A version replaced in the instant between validation and saving raises AcceptanceRefused when
    `strict` (the caller rolls back and asks again); otherwise it is logged and the re-acceptance
    gate will ask at the next request.
    """
    for kind, version in getattr(form, "_legal_versions", {}).items():
        if not form.cleaned_data.get(f"accept_{kind}"):
            continue
        try:
            services.record_acceptance(
                version=version, context=context, request=request, user=user, consent_id=consent_id
            )
        except services.AcceptanceRefused:
            if strict:
                raise
            logger.warning(
                "legal: %s no longer acceptable (%s, user %s)", version.pk, context, user and user.pk
            )


class LegalAcceptanceFormMixin:
    """Put first in the bases of a form: adds the checkboxes and records them.

    class SignupForm(LegalAcceptanceFormMixin, forms.Form): ...
        def signup(self, request, user):
            ...; user.save(); self.record_legal_acceptances(request=request, user=user)
    """

    legal_acceptance_kinds = SIGNUP_KINDS
    legal_acceptance_context = Acceptance.Context.SIGNUP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_acceptance_fields(self, kinds=self.legal_acceptance_kinds)

    def clean(self):
        cleaned_data = super().clean()
        clean_acceptance_fields(self)
        return cleaned_data

    @property
    def legal_acceptance_fields(self) -> list:
        """The bound checkboxes, for templates that lay the form out field by field."""
        return [self[f"accept_{kind}"] for kind in self._legal_versions]

    @property
    def legal_versions_shown(self) -> dict:
        """{kind: the PolicyVersion this form showed and asked to accept}."""
        return dict(self._legal_versions)

    @property
    def missing_legal_kinds(self) -> list[str]:
        """Documents to accept that have no version in force (the form cannot be completed)."""
        return [str(kind) for kind in self.legal_acceptance_kinds if str(kind) not in self._legal_versions]

    def record_legal_acceptances(self, *, request, user=None, consent_id=None, strict=False) -> None:
        record_form_acceptances(
            self,
            request=request,
            user=user,
            consent_id=consent_id,
            context=self.legal_acceptance_context,
            strict=strict,
        )
