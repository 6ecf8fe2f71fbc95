from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.i18n import content_language
from legal.forms import LegalAcceptanceFormMixin
from newsletter.forms import NewsletterOptInFormMixin

from .models import User
from .validators import PROFILE_PHOTO_FORMATS, validate_french_postal_code, validate_profile_photo

GENDER_CHOICES = [("", _("Choisir…")), *User.Gender.choices]


class SignupForm(NewsletterOptInFormMixin, LegalAcceptanceFormMixin, forms.Form):
    """Extra fields for allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth builds its signup form on top of this class and adds the e-mail and password
    fields; ``field_order`` puts them first, then the identity, then the attestation.
    """

    field_order = [
        "email",
        "password1",
        "password2",
        "first_name",
        "last_name",
        "gender",
        "postal_code",
        "is_adult",
        # The terms-of-use and privacy-policy checkboxes (legal app), then the optional
        # newsletter opt-in (newsletter app), come last.
    ]

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    gender = forms.ChoiceField(label=_("Genre"), choices=GENDER_CHOICES)
    postal_code = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        validators=[validate_french_postal_code],
        help_text=_("5 chiffres, par exemple 75011."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
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

    def clean_postal_code(self):
        return self.cleaned_data["postal_code"].strip()

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.gender = self.cleaned_data["gender"]
        user.postal_code = self.cleaned_data["postal_code"]
        user.preferred_language = content_language(getattr(request, "LANGUAGE_CODE", None))
        user.save()
        self.record_legal_acceptances(request=request, user=user)
        self.record_newsletter_opt_in(user=user)


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; the write is done by services.update_profile."""

    photo = forms.FileField(
        label=_("Photo de profil"),
        required=False,
        help_text=_("Facultative. JPEG, PNG ou WebP, 5 Mo au maximum. Elle n’est visible que par vous."),
        widget=forms.FileInput(
            attrs={"accept": ",".join(mime for mime, _ext in PROFILE_PHOTO_FORMATS.values())}
        ),
    )
    remove_photo = forms.BooleanField(label=_("Supprimer ma photo actuelle"), required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "gender", "postal_code", "preferred_language", "time_zone"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model allows blanks for staff accounts; a person's profile needs them.
        self.fields["gender"] = forms.ChoiceField(label=_("Genre"), choices=GENDER_CHOICES)
        self.fields["postal_code"].required = True
        # Optional in the form: left out, the person keeps the zone they have (Paris by default).
        self.fields["time_zone"].required = False
        self.fields["postal_code"].help_text = _("5 chiffres, par exemple 75011.")
        self.fields["preferred_language"] = forms.ChoiceField(
            label=_("Langue préférée"),
            choices=settings.LANGUAGES,
            help_text=_("Langue des pages et des e-mails que nous vous envoyons."),
        )
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_time_zone(self):
        return self.cleaned_data.get("time_zone") or self.instance.time_zone or "Europe/Paris"

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_profile_photo(photo)
        return photo
