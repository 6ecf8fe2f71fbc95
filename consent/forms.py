from cookie_consent.models import Cookie, CookieGroup
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import selectors
from .models import CookieGroupText, CookieText


class ChoiceForm(forms.Form):
    """What the banner and the settings page post."""

    ACCEPT_ALL = "accept_all"
    REFUSE_ALL = "refuse_all"
    CUSTOM = "custom"
    CUSTOMISE = "customise"  # no decision: without JavaScript, go to the settings page

    choice = forms.ChoiceField(
        choices=[(ACCEPT_ALL, ACCEPT_ALL), (REFUSE_ALL, REFUSE_ALL), (CUSTOM, CUSTOM), (CUSTOMISE, CUSTOMISE)]
    )
    groups = forms.MultipleChoiceField(required=False, choices=())
    next = forms.CharField(required=False, max_length=2000)
    source = forms.ChoiceField(required=False, choices=[("banner", "banner"), ("settings", "settings")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [(v, v) for v in selectors.optional_groups()]
        self.fields["groups"].error_messages["invalid_choice"] = _("Groupe de cookies inconnu : %(value)s.")

    def accepted(self) -> list[str]:
        choice = self.cleaned_data["choice"]
        if choice == self.ACCEPT_ALL:
            return list(selectors.optional_groups())
        if choice == self.REFUSE_ALL:
            return []
        return self.cleaned_data["groups"]


# --- Wagtail admin: the library's models with their English texts on the same form -------------


def _validate_varname(value: str) -> str:
    # "_" names are reserved for the consent cookie's own fields (see consent.cookie).
    if value.startswith("_"):
        raise forms.ValidationError(_("Le nom technique ne peut pas commencer par « _ »."))
    return value


class CookieGroupForm(WagtailAdminModelForm):
    name_en = forms.CharField(label=_("Nom (anglais)"), max_length=100, required=False)
    description_en = forms.CharField(label=_("Description (anglais)"), required=False, widget=forms.Textarea)

    class Meta:
        model = CookieGroup
        fields = ["varname", "name", "description", "is_required", "is_deletable", "ordering"]
        labels = {"name": _("Nom (français)"), "description": _("Description (français)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text = getattr(self.instance, "consent_text", None) if self.instance.pk else None
        if text:
            self.initial.setdefault("name_en", text.name_en)
            self.initial.setdefault("description_en", text.description_en)

    def clean_varname(self):
        return _validate_varname(self.cleaned_data["varname"])

    def save(self, commit=True):
        group = super().save(commit=commit)
        if commit:
            CookieGroupText.objects.update_or_create(
                group=group,
                defaults={
                    "name_en": self.cleaned_data.get("name_en", ""),
                    "description_en": self.cleaned_data.get("description_en", ""),
                },
            )
        return group


class CookieForm(WagtailAdminModelForm):
    description_en = forms.CharField(label=_("Finalité (anglais)"), required=False, widget=forms.Textarea)
    lifetime_fr = forms.CharField(label=_("Durée de conservation (français)"), max_length=100, required=False)
    lifetime_en = forms.CharField(label=_("Durée de conservation (anglais)"), max_length=100, required=False)

    class Meta:
        model = Cookie
        fields = ["cookiegroup", "name", "description", "path", "domain"]
        labels = {"description": _("Finalité (français)")}
        help_texts = {"name": _("Nom exact ; terminez par * pour tous les noms qui commencent ainsi.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text = getattr(self.instance, "consent_text", None) if self.instance.pk else None
        if text:
            for name in ("description_en", "lifetime_fr", "lifetime_en"):
                self.initial.setdefault(name, getattr(text, name))

    def save(self, commit=True):
        cookie = super().save(commit=commit)
        if commit:
            CookieText.objects.update_or_create(
                cookie=cookie,
                defaults={
                    name: self.cleaned_data.get(name, "")
                    for name in ("description_en", "lifetime_fr", "lifetime_en")
                },
            )
        return cookie
