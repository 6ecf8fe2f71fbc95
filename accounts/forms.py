from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User
from .validators import validate_french_postal_code


class SignupForm(forms.Form):
    """Extra fields for allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    gender = forms.ChoiceField(label=_("Genre"), choices=[("", "—"), *User.Gender.choices])
    postal_code = forms.CharField(
        label=_("Code postal"), max_length=5, validators=[validate_french_postal_code]
    )
    is_adult = forms.BooleanField(
        label=_("J’atteste être majeur·e (18 ans ou plus)."),
        error_messages={
            "required": _(
                "Ce service est réservé aux personnes majeures : cochez cette case "
                "pour attester que vous avez 18 ans ou plus."
            )
        },
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.gender = self.cleaned_data["gender"]
        user.postal_code = self.cleaned_data["postal_code"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "fr")[:2]
        user.save()
