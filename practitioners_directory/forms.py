"""Forms: directory filters (GET), the public application, a practitioner's own profile edit."""

import re

from django import forms
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _

from accounts.models import Gender
from legal.forms import APPLICATION_KINDS, LegalAcceptanceFormMixin
from legal.models import Acceptance

from .fields import EuroAmountFormField
from .models import Methodology, PractitionerApplication, PractitionerPage
from .validators import DEPARTMENT_RE, POSTAL_CODE_RE, validate_document


class DirectorySearchForm(forms.Form):
    """The directory's filters. Short French parameter names make shareable, readable URLs."""

    q = forms.CharField(
        label=_("Rechercher un praticien"),
        required=False,
        max_length=100,
        help_text=_("Un nom, une ville, une approche, une thématique…"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    approche = forms.ChoiceField(label=_("Approche thérapeutique"), required=False)
    theme = forms.ChoiceField(label=_("Thématique"), required=False)
    langue = forms.ChoiceField(label=_("Langue parlée"), required=False)
    genre = forms.ChoiceField(
        label=_("Genre du praticien"), required=False, choices=[("", _("Indifférent")), *Gender.choices]
    )
    prix_min = forms.IntegerField(label=_("Tarif minimum (€)"), required=False, min_value=0, max_value=10_000)
    prix_max = forms.IntegerField(label=_("Tarif maximum (€)"), required=False, min_value=0, max_value=10_000)
    lieu = forms.CharField(
        label=_("Code postal ou département"),
        required=False,
        max_length=5,
        help_text=_("Par exemple 69003 ou 69."),
    )
    disponible = forms.BooleanField(label=_("Accepte de nouveaux patients"), required=False)

    def __init__(self, *args, taxonomies, **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _("Toutes"))
        self.fields["approche"].choices = [everything, *((m.slug, m.label) for m in taxonomies.methodologies)]
        self.fields["theme"].choices = [everything, *((t.slug, t.label) for t in taxonomies.themes)]
        self.fields["langue"].choices = [
            everything,
            *((lang.slug, lang.label) for lang in taxonomies.languages),
        ]

    def clean_lieu(self):
        value = self.cleaned_data["lieu"].strip().upper()
        if value and not (POSTAL_CODE_RE.match(value) or DEPARTMENT_RE.match(value)):
            raise forms.ValidationError(
                _("Saisissez un code postal à 5 chiffres ou un numéro de département (par exemple 33 ou 2A).")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("prix_min"), cleaned.get("prix_max")
        if low is not None and high is not None and low > high:
            self.add_error("prix_max", _("Le tarif maximum doit être supérieur ou égal au tarif minimum."))
        return cleaned

    def criteria(self) -> dict:
        """The filters to apply; a field with an error is ignored (and its message shown)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        criteria = {
            "q": data.get("q", "").strip(),
            "methodology": data.get("approche"),
            "theme": data.get("theme"),
            "language": data.get("langue"),
            "gender": data.get("genre"),
            "price_min": data["prix_min"] * 100 if data.get("prix_min") is not None else None,
            "price_max": data["prix_max"] * 100 if data.get("prix_max") is not None else None,
            "accepting": data.get("disponible", False),
        }
        location = data.get("lieu", "")
        if POSTAL_CODE_RE.match(location):
            criteria["postal_code"] = location
        elif location:
            criteria["department"] = location
        return {key: value for key, value in criteria.items() if value not in (None, "", False)}


class NumberFieldsMixin(forms.Form):
    """RPPS/ADELI typed with spaces are accepted; the model (ProfessionalRegistration) normalises
    and validates them, and requires one of both: the rule lives there only."""

    # Longer than the numbers themselves: spaces and dots are removed before validation.
    rpps = forms.CharField(
        label=_("Numéro RPPS"),
        required=False,
        max_length=20,
        help_text=_("11 chiffres. Indiquez votre numéro RPPS ou, à défaut, votre numéro ADELI."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    adeli = forms.CharField(
        label=_("Numéro ADELI"),
        required=False,
        max_length=20,
        help_text=_("9 chiffres, si vous n’avez pas encore de numéro RPPS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class ApplicationForm(LegalAcceptanceFormMixin, NumberFieldsMixin, forms.ModelForm):
    # The practitioners' terms and the privacy policy, each linked at the exact version shown and
    # recorded in the legal ledger (context "application") by services.submit_application.
    legal_acceptance_kinds = APPLICATION_KINDS
    legal_acceptance_context = Acceptance.Context.APPLICATION

    class Meta:
        model = PractitionerApplication
        fields = [
            "first_name",
            "last_name",
            "gender",
            "email",
            "phone",
            "postal_code",
            "city",
            "professional_title",
            "rpps",
            "adeli",
            "methodologies",
            "motivation",
            "diploma",
            "insurance",
        ]
        widgets = {
            # An encrypted text column: a one-line input all the same (30 characters at most).
            "phone": forms.TextInput,
            "methodologies": forms.CheckboxSelectMultiple,
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "diploma": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            "insurance": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        help_texts = {
            "diploma": _("PDF, JPEG ou PNG, 10 Mo au maximum."),
            "insurance": _("PDF, JPEG ou PNG, 10 Mo au maximum."),
            "motivation": _("Quelques lignes sur votre pratique et ce que vous attendez de la plateforme."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methodologies"].queryset = Methodology.objects.all()
        self.fields["phone"].widget.attrs.update(autocomplete="tel", type="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")
        self.fields["postal_code"].widget.attrs.update(autocomplete="postal-code", inputmode="numeric")

    def _clean_document(self, name):
        file = self.cleaned_data.get(name)
        if file:
            extension = validate_document(file)
            # The stored name comes from the detected type, not from what the applicant sent.
            file.name = f"document.{extension}"
        return file

    def clean_diploma(self):
        return self._clean_document("diploma")

    def clean_insurance(self):
        return self._clean_document("insurance")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def _post_clean(self):
        # A malformed RPPS also trips the model's "RPPS or ADELI" rule: show only the precise message.
        super()._post_clean()
        if "rpps" in self._errors:
            del self._errors["rpps"][1:]


def html_to_text(html: str) -> str:
    """Rich text shown in a plain textarea: one blank line between paragraphs."""
    html = re.sub(r"<br\s*/?>", "\n", html or "")
    html = re.sub(r"</(p|li|h\d)>", "\n\n", html)
    text = strip_tags(html)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def text_to_html(text: str) -> str:
    """Plain paragraphs back to the rich-text format, every character escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join("<p>{}</p>".format(escape(p).replace("\n", "<br/>")) for p in paragraphs)


class PractitionerProfileForm(forms.ModelForm):
    """What a practitioner may change on their own profile; identity and numbers stay with editors."""

    presentation = forms.CharField(
        label=_("Présentation détaillée"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Séparez les paragraphes par une ligne vide."),
    )
    price_cents = EuroAmountFormField(label=_("Tarif de la consultation (€)"), max_euros=1000)

    class Meta:
        model = PractitionerPage
        fields = [
            "professional_title",
            "postal_code",
            "city",
            "methodologies",
            "themes",
            "languages",
            "consultation_minutes",
            "price_cents",
            "accepts_new_patients",
            "short_bio",
            "presentation",
        ]
        widgets = {
            # An encrypted text column: a one-line input all the same (30 characters at most).
            "phone": forms.TextInput,
            "methodologies": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "short_bio": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["presentation"] = html_to_text(self.instance.presentation)

    def clean_presentation(self):
        return text_to_html(self.cleaned_data.get("presentation", ""))


class TransitionForm(forms.Form):
    """An editor's decision on an application (admin)."""

    status = forms.ChoiceField(choices=PractitionerApplication.Status.choices)
    reason = forms.CharField(
        label=_("Motif du refus"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
