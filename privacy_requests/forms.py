"""The person's forms (a request from the centre, the password before erasing) and the DPO's
forms in the admin (a request received by e-mail or letter, the actions on it)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateTimeInput

from .models import DataSubjectRequest

MESSAGE_MAX_LENGTH = 5000
Kind = DataSubjectRequest.Kind

# Erasure has its own page (what is kept and why, re-authentication) instead of this form.
CENTRE_KINDS = [(value, label) for value, label in Kind.choices if value != Kind.ERASURE]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Votre demande porte sur"), choices=CENTRE_KINDS)
    message = forms.CharField(
        label=_("Précisez votre demande"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        help_text=_("Facultatif, sauf pour « Autre ». Inutile d’y écrire des informations sur votre santé."),
    )

    def clean(self):
        data = super().clean()
        data["message"] = (data.get("message") or "").strip()
        if data.get("kind") == Kind.OTHER and not data["message"]:
            self.add_error("message", _("Dites-nous ce que vous demandez."))
        return data


class ReauthenticationForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour confirmer que c’est bien vous."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect : rien n’a été effacé."))
        return password


# --- Admin ------------------------------------------------------------------------------------------


def _account_by_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip()).first() if email else None


class AdminRequestForm(forms.ModelForm):
    """A request the DPO enters (letter, e-mail) or corrects; the account is found by its address."""

    account_email = forms.EmailField(
        label=_("E-mail du compte"),
        required=False,
        help_text=_(
            "L’adresse du compte de la personne sur la plateforme, si elle en a un et qu’elle diffère "
            "de l’adresse de la demande. Vérifiez l’identité de la personne avant de la rattacher."
        ),
    )

    class Meta:
        model = DataSubjectRequest
        fields = [
            "kind",
            "channel",
            "received_at",
            "requester_name",
            "requester_email",
            "language",
            "message",
            "dpo_notes",
        ]
        widgets = {"received_at": AdminDateTimeInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.user_id:
            # Linked once and for all (an erased person's account keeps its requests).
            del self.fields["account_email"]

    def clean(self):
        data = super().clean()
        if self.instance.user_id:
            self.account = self.instance.user
            return data
        wanted = data.get("account_email") or ""
        account = _account_by_email(wanted) or (
            None if wanted else _account_by_email(data.get("requester_email"))
        )
        if wanted and account is None:
            self.add_error("account_email", _("Aucun compte n’utilise cette adresse."))
        self.account = account
        return data


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la prolongation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Envoyé à la personne par e-mail : la complexité ou le nombre des demandes."),
    )


class StatusForm(forms.Form):
    STATUS_CHOICES = [
        (DataSubjectRequest.Status.IN_PROGRESS, _("En cours")),
        (DataSubjectRequest.Status.ANSWERED, _("Répondue")),
        (DataSubjectRequest.Status.REFUSED, _("Refusée (motif obligatoire, envoyé à la personne)")),
        (DataSubjectRequest.Status.CLOSED, _("Clôturée")),
    ]
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=STATUS_CHOICES)
    reason = forms.CharField(
        label=_("Motif du refus"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == DataSubjectRequest.Status.REFUSED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Un refus doit être motivé : indiquez le motif."))
        return data
